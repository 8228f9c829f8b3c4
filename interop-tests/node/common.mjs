// Shared by the interop servers: settings from the environment, the ready line, and exiting with the test JVM.

// The process ends when its standard input closes, which happens when the JVM that started it ends, however it ends
// (even kill -9): no orphans. Registered on import, before anything can wait (for Redis, say). Run by hand, keep
// stdin open: from a terminal, or `sleep infinity | node express-app.mjs`.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

/** Returns the environment variable, or exits with a message naming it. */
export function env(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

/** SECRETS is a JSON array of strings, in the order the library is given them. */
export function secretsFromEnv() {
  const secrets = JSON.parse(env('SECRETS'));
  if (!Array.isArray(secrets) || secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || !s)) {
    console.error('SECRETS must be a non-empty JSON array of non-empty strings');
    process.exit(2);
  }
  return secrets;
}

/**
 * Listens on 127.0.0.1:PORT and prints "READY <name> http://127.0.0.1:<port>" once it does; on SIGTERM (the tests'
 * Process.destroy) closes the server and `onClose` (the Redis client), then exits.
 */
export function listen(server, name, onClose) {
  const port = Number(env('PORT'));
  server.on('error', (err) => {
    console.error(`${name} could not listen on 127.0.0.1:${port}: ${err.code || err.message}`);
    process.exit(3);
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`READY ${name} http://127.0.0.1:${server.address().port}`);
  });
  const stop = async () => {
    server.close();
    server.closeAllConnections?.();
    try {
      // Bounded: a client still reconnecting to a Redis that is gone may never finish quitting.
      await Promise.race([onClose?.(), new Promise((resolve) => setTimeout(resolve, 1000))]);
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
