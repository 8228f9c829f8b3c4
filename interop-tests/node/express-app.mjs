// An express 5 service with express-session 1.19 and connect-redis 9 on the `redis` client: the Node side that
// SessionKit shares its cookies and Redis records with.
//
// Environment: PORT, REDIS_URL, SECRETS (a JSON array in express's order: the FIRST signs, all verify),
// MAX_AGE_MS (cookie.maxAge in milliseconds, default one hour).
import http from 'node:http';
import express from 'express';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { env, listen, secretsFromEnv } from './common.mjs';

const client = createClient({ url: env('REDIS_URL') });
client.on('error', (err) => console.error(`redis client: ${err.message}`));
await client.connect();

const app = express();
app.use(session({
  name: 'connect.sid',
  secret: secretsFromEnv(),
  store: new RedisStore({ client, prefix: 'sess:' }),
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
app.get('/logout', (req, res, next) => {
  req.session.destroy((err) => (err ? next(err) : text(res, 'bye')));
});
app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).type('text/plain').send(`error: ${err.message}`);
});

listen(http.createServer(app), 'express', () => client.quit());
