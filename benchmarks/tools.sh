# Sourced by the benchmark scripts: what they share.

# Installs, with apt-get (as root, or with sudo), the packages of the commands that are missing.
#   need COMMAND PACKAGE [COMMAND PACKAGE ...]
need() {
  local missing=()
  while (( $# >= 2 )); do
    command -v "$1" >/dev/null 2>&1 || missing+=("$2")
    shift 2
  done
  (( ${#missing[@]} > 0 )) || return 0
  local sudo=""
  (( EUID == 0 )) || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
