// express-session + connect-redis: the Node side of the SessionKit load harness (benchmarks/load/run.sh).
// GET /read reads a counter from the session, GET /write increments and saves it, GET /plain leaves the session
// alone (express-session still loads and touches it: the middleware runs for every request).
// Environment: PORT (required), REDIS_URL (required), SESSION_SECRET (the benchmarks' public secret by default).
"use strict";

const express = require("express");
const session = require("express-session");
const { RedisStore } = require("connect-redis");
const { createClient } = require("redis");

async function main() {
  const port = Number(process.env.PORT);
  const redisUrl = process.env.REDIS_URL;
  if (!port || !redisUrl) {
    throw new Error("set PORT and REDIS_URL");
  }
  const client = createClient({ url: redisUrl });
  client.on("error", (err) => console.error("redis:", err.message));
  await client.connect();

  const app = express();
  app.disable("x-powered-by");
  app.use(session({
    store: new RedisStore({ client, prefix: "sess:" }),
    secret: process.env.SESSION_SECRET || "sessionkit-benchmark-secret-not-for-production",
    name: "connect.sid",
    // The documented recommendation, and SessionKit's behaviour: write only what changed, create only when saved.
    resave: false,
    saveUninitialized: false,
  }));
  app.get("/read", (req, res) => {
    res.type("text/plain").send("views " + (req.session.views || 0));
  });
  app.get("/write", (req, res) => {
    req.session.views = (req.session.views || 0) + 1;
    res.type("text/plain").send("views " + req.session.views);
  });
  app.get("/plain", (req, res) => {
    res.type("text/plain").send("plain");
  });

  const server = app.listen(port, "127.0.0.1", () => {
    console.log(`express-session + connect-redis listening on http://127.0.0.1:${port}/`);
  });
  const stop = () => server.close(() => client.quit().finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
