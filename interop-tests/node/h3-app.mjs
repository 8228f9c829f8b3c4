// An h3 1.15 service with @scayle/h3-session 0.6.1 on unstorage's redis driver (ioredis), on the same Redis.
//
// Environment: PORT, REDIS_URL, SECRETS (a JSON array in h3-session's order: the LAST signs, all verify),
// TTL_MODE: "expires" (default: a record's time-to-live follows its cookie.expires, as connect-redis computes it)
// or "fixed" (h3-session's own default: always 86400 s).
import { createServer } from 'node:http';
import { createApp, createRouter, defineEventHandler, getQuery, setResponseHeader, toNodeListener } from 'h3';
import { createStorage } from 'unstorage';
import redisDriver from 'unstorage/drivers/redis';
import { UnstorageSessionStore, useSession } from '@scayle/h3-session';
import { env, listen, secretsFromEnv } from './common.mjs';

const DAY = 86400;

// connect-redis's rule: the seconds until cookie.expires, rounded up; one day for records without one (h3's own).
function ttlFromExpires(data) {
  const expires = data?.cookie?.expires;
  return expires ? Math.ceil((Date.parse(expires) - Date.now()) / 1000) : DAY;
}

// No `base`: unstorage then adds nothing, and UnstorageSessionStore's keys are "<prefix>:<id>" = "sess:<id>".
const driver = redisDriver({ url: env('REDIS_URL') });
const storage = createStorage({ driver });
const ttlMode = process.env.TTL_MODE || 'expires';
const store = new UnstorageSessionStore(storage, {
  prefix: 'sess',
  ttl: ttlMode === 'fixed' ? DAY : ttlFromExpires,
});
const sessionConfig = { name: 'connect.sid', secret: secretsFromEnv(), store };

const text = (event, body) => {
  setResponseHeader(event, 'content-type', 'text/plain; charset=utf-8');
  return String(body);
};

const app = createApp({
  onError(error) {
    console.error(error);
  },
});
app.use(defineEventHandler(async (event) => {
  await useSession(event, sessionConfig);
}));

const router = createRouter();
router.get('/login', defineEventHandler(async (event) => {
  const session = event.context.session;
  await session.regenerate();
  session.data.user = String(getQuery(event).user ?? 'alice');
  await session.save();
  return text(event, session.id);
}));
router.get('/whoami', defineEventHandler((event) => text(event, event.context.session.data.user ?? 'anonymous')));
router.get('/id', defineEventHandler((event) => text(event, event.context.session.id)));
// The data exactly as h3-session holds it: a record written in express's shape shows its `cookie` here.
router.get('/data', defineEventHandler((event) => {
  setResponseHeader(event, 'content-type', 'application/json');
  return JSON.stringify(event.context.session.data);
}));
router.get('/set', defineEventHandler(async (event) => {
  const { key, value } = getQuery(event);
  event.context.session.data[String(key)] = String(value);
  await event.context.session.save();
  return text(event, 'ok');
}));
router.get('/views', defineEventHandler(async (event) => {
  const session = event.context.session;
  session.data.views = (session.data.views ?? 0) + 1;
  await session.save();
  return text(event, session.data.views);
}));
router.get('/logout', defineEventHandler(async (event) => {
  await event.context.session.destroy();
  return text(event, 'bye');
}));
app.use(router);

listen(createServer(toNodeListener(app)), 'h3', () => storage.dispose());
