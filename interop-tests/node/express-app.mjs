// An express 5 service with express-session 1.19 and, as its store, connect-redis 9 on the `redis` client or
// connect-pg-simple 10 on a `pg` pool: the Node side that SessionKit shares its cookies and records with.
//
// Environment: PORT, SECRETS (a JSON array in express's order: the FIRST signs, all verify), the store's address:
// REDIS_URL, or PG_URL (a postgres:// URL; it selects connect-pg-simple, on the table "session" that must exist,
// in the database session's TimeZone, which pg leaves at the server's), MAX_AGE_MS (cookie.maxAge in milliseconds,
// default one hour), and, for SessionKit's lifetimes with connect-redis, IDLE_S and ABSOLUTE_S (seconds): then
// connect-redis's ttl is the function the README gives, which keeps a Node touch or save within SessionKit's idle
// timeout and absolute deadline.
import http from 'node:http';
import express from 'express';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import connectPgSimple from 'connect-pg-simple';
import pg from 'pg';
import { env, listen, secretsFromEnv } from './common.mjs';

// The README's connect-redis ttl for sharing sessions with SessionKit's idleTimeout and absoluteTimeout: never past
// the idle timeout from now, the cookie's expiry, or the absolute deadline (from the last login, else the creation).
const IDLE = Number(process.env.IDLE_S || 0);
const ABSOLUTE = Number(process.env.ABSOLUTE_S || 0);
const secondsUntil = (date) => Math.ceil((new Date(date).getTime() - Date.now()) / 1000);
const sessionKitTtl = (sess) => {
  const meta = sess.__sessionkit;
  const limits = [IDLE];
  if (sess.cookie?.expires) limits.push(secondsUntil(sess.cookie.expires));
  if (meta && ABSOLUTE) {
    limits.push(secondsUntil(new Date(meta.authenticated ?? meta.created).getTime() + ABSOLUTE * 1000));
  }
  return Math.min(...limits);
};

/** The store and what closes its connections. */
async function openStore() {
  if (process.env.PG_URL) {
    const pool = new pg.Pool({ connectionString: process.env.PG_URL, max: 4 });
    pool.on('error', (err) => console.error(`pg pool: ${err.message}`));
    const PgStore = connectPgSimple(session);
    // No pruning here: the tests show that a read never returns an expired row, whoever prunes.
    return { store: new PgStore({ pool, tableName: 'session', pruneSessionInterval: false }), close: () => pool.end() };
  }
  const client = createClient({ url: env('REDIS_URL') });
  client.on('error', (err) => console.error(`redis client: ${err.message}`));
  await client.connect();
  const store = new RedisStore({ client, prefix: 'sess:', ...(IDLE ? { ttl: sessionKitTtl } : {}) });
  return { store, close: () => client.quit() };
}
const { store, close } = await openStore();

const app = express();
app.use(session({
  name: 'connect.sid',
  secret: secretsFromEnv(),
  store,
  resave: false,
  saveUninitialized: false,
  // secure: false, so that express sends its cookie over the tests' plain http; sameSite: 'lax', SessionKit's
  // default, so that both sides write the same cookie fields.
  cookie: {
    secure: false, httpOnly: true, path: '/', sameSite: 'lax', maxAge: Number(process.env.MAX_AGE_MS || 3600000),
  },
}));

const text = (res, body) => res.type('text/plain').send(String(body));
const dataOf = (req) => {
  const data = JSON.parse(JSON.stringify(req.session));
  delete data.cookie;
  return data;
};

app.get('/login', (req, res, next) => {
  req.session.regenerate((err) => {
    if (err) return next(err);
    req.session.user = String(req.query.user ?? 'alice');
    text(res, req.sessionID);
  });
});
app.get('/whoami', (req, res) => text(res, req.session.user ?? 'anonymous'));
app.get('/id', (req, res) => text(res, req.sessionID));
app.get('/data', (req, res) => res.json(dataOf(req)));
app.get('/set', (req, res) => {
  req.session[String(req.query.key)] = String(req.query.value);
  text(res, 'ok');
});
app.get('/views', (req, res) => {
  req.session.views = (req.session.views ?? 0) + 1;
  text(res, req.session.views);
});

// Gates, to play a race step by step: a gated route loads the session, arrives at its gate and waits there until
// the test releases it, then changes the session, which express-session saves as the response ends. Waits are
// bounded, so a test that fails midway leaves nothing hanging.
const GATE_WAIT_MS = 20000;
const gates = new Map();
function gate(name) {
  let entry = gates.get(name);
  if (!entry) {
    entry = {};
    entry.arrived = new Promise((resolve) => { entry.arrive = resolve; });
    entry.released = new Promise((resolve) => { entry.release = resolve; });
    gates.set(name, entry);
  }
  return entry;
}
const within = (promise, what) => Promise.race([promise, new Promise((_, reject) =>
  setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), GATE_WAIT_MS))]);
app.get('/gated/set', async (req, res, next) => {
  try {
    const entry = gate(String(req.query.gate));
    entry.arrive();
    await within(entry.released, 'the release');
    req.session[String(req.query.key)] = String(req.query.value);
    text(res, 'ok');
  } catch (err) { next(err); }
});
app.get('/gated/remove', async (req, res, next) => {
  try {
    const entry = gate(String(req.query.gate));
    entry.arrive();
    await within(entry.released, 'the release');
    delete req.session[String(req.query.key)];
    text(res, 'ok');
  } catch (err) { next(err); }
});
app.get('/gate/await', async (req, res, next) => {
  try {
    await within(gate(String(req.query.gate)).arrived, 'the arrival');
    text(res, 'arrived');
  } catch (err) { next(err); }
});
app.get('/gate/release', (req, res) => {
  gate(String(req.query.gate)).release();
  text(res, 'released');
});
app.get('/logout', (req, res, next) => {
  req.session.destroy((err) => (err ? next(err) : text(res, 'bye')));
});
app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).type('text/plain').send(`error: ${err.message}`);
});

listen(http.createServer(app), 'express', close);
