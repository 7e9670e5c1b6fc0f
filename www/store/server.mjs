// The demo store: a few products, a cart, a checkout page with the Tessera frame, and the tiny
// merchant backend behind it. It creates checkout sessions with the secret key, receives and
// verifies webhooks, and marks an order paid only when the signed `payment.succeeded` arrives.
// An order has one payable session at a time: a new attempt cancels the one before it, so a
// shopper with the checkout open in two tabs cannot pay twice.
// Card data never reaches it: the card lives in the frame, which the edge serves.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const PRODUCTS = [
  { id: 'tee', name: 'Tessera tee', description: 'Soft cotton, mosaic print.', price: 2500 },
  { id: 'mug', name: 'Enamel mug', description: 'Keeps the coffee warm on long deploys.', price: 1450 },
  { id: 'stickers', name: 'Sticker pack', description: 'Eight tiles for your laptop.', price: 500 },
];
const CURRENCY = 'USD';

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const money = (minor) => new Intl.NumberFormat('en-US', { style: 'currency', currency: CURRENCY }).format(minor / 100);
const id = (prefix) => `${prefix}_${randomBytes(9).toString('base64url')}`;

/**
 * Checks a `Tessera-Signature` header the way Stripe's libraries check theirs: while an endpoint's
 * secret is being rolled the header carries one `v1=` per secret, and any one of them may match.
 */
export function verifySignature(header, body, secret, toleranceSeconds = 300) {
  const parts = (header || '').split(',').map((p) => p.trim().split('=')).filter((p) => p.length === 2);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return parts.filter(([k]) => k === 'v1').some(([, v]) => {
    const given = Buffer.from(v, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function page(title, body, { head = '' } = {}) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Tessera Demo Store</title><link rel="stylesheet" href="/static/store.css">${head}</head>
<body><header><a class="logo" href="/">Tessera Demo Store</a><a href="/cart">Cart</a></header><main>${body}</main></body></html>`;
}

export function startStore({ port = 0, edgeUrl, merchant, accounts = false, log = () => {} }) {
  const carts = new Map();
  const orders = new Map();
  const loader = `${edgeUrl}/v1/tessera.js`;
  const integrity = () => `sha384-${createHash('sha384').update(readFileSync(join(here, '..', '..', 'build', 'www', 'v1', 'tessera.js'))).digest('base64')}`;

  const cartOf = (req, res) => {
    const cookie = /(?:^|;\s*)cart=([\w-]+)/.exec(req.headers.cookie || '')?.[1];
    if (cookie && carts.has(cookie)) return carts.get(cookie);
    const cart = { id: id('cart'), items: {} };
    carts.set(cart.id, cart);
    res.setHeader('Set-Cookie', `cart=${cart.id}; Path=/; HttpOnly; SameSite=Lax`);
    return cart;
  };
  const total = (items) => Object.entries(items).reduce((n, [pid, qty]) => n + PRODUCTS.find((p) => p.id === pid).price * qty, 0);

  async function createSession(order) {
    const r = await fetch(`${edgeUrl}/v1/checkout_sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${merchant.secret_key}`, 'Content-Type': 'application/json', 'Idempotency-Key': `${order.id}-${order.attempt}` },
      body: JSON.stringify({ amount: order.amount, currency: CURRENCY, reference: order.id, shopper: { email: order.email } }),
    });
    const body = await r.json();
    if (r.status !== 201) throw new Error(`checkout session: ${r.status} ${body.error?.code}`);
    order.sessionId = body.id;
    order.sessions.push(body.id);
    order.clientSecret = body.client_secret;
  }

  /**
   * Ends the order's current session before another is made; false when it cannot end because a
   * payment is already under way or done (the order then waits for its webhook instead).
   */
  async function cancelSession(order) {
    const r = await fetch(`${edgeUrl}/v1/checkout_sessions/${order.sessionId}/cancel`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${merchant.secret_key}`, 'Idempotency-Key': `${order.id}-${order.attempt}-cancel` },
    });
    if (r.status === 200) return true;
    const code = (await r.json()).error?.code;
    if (code === 'session_canceled' || code === 'session_expired') return true;
    if (code === 'session_already_paid' || code === 'payment_in_progress') return false;
    throw new Error(`cancel checkout session: ${r.status} ${code}`);
  }

  /** The order an event is about: payments and sessions name their session, refunds and disputes their payment. */
  function orderOf(type, object) {
    const all = [...orders.values()];
    if (type.startsWith('payment.')) return all.find((o) => o.sessionId === object.checkout_session);
    if (type.startsWith('checkout_session.')) return all.find((o) => o.sessionId === object.id);
    if (type.startsWith('refund.') || type.startsWith('dispute.')) return all.find((o) => o.paymentId && o.paymentId === object.payment);
    return undefined;
  }

  const routes = {
    'GET /': (req, res) => send(res, 200, page('Shop', `<h1>Shop</h1><ul class="products">${PRODUCTS.map((p) => `
      <li><h2>${escape(p.name)}</h2><p>${escape(p.description)}</p><p class="price">${money(p.price)}</p>
      <form method="post" action="/cart/add"><input type="hidden" name="product" value="${p.id}"><button type="submit">Add to cart</button></form></li>`).join('')}</ul>`)),

    'POST /cart/add': async (req, res) => {
      const form = await readForm(req);
      const cart = cartOf(req, res);
      if (PRODUCTS.some((p) => p.id === form.product)) cart.items[form.product] = (cart.items[form.product] || 0) + 1;
      redirect(res, '/cart');
    },

    'POST /cart/remove': async (req, res) => {
      const form = await readForm(req);
      delete cartOf(req, res).items[form.product];
      redirect(res, '/cart');
    },

    'GET /cart': (req, res) => {
      const cart = cartOf(req, res);
      const lines = Object.entries(cart.items);
      if (!lines.length) return send(res, 200, page('Cart', '<h1>Your cart</h1><p>Your cart is empty. <a href="/">Browse the shop</a>.</p>'));
      send(res, 200, page('Cart', `<h1>Your cart</h1><table class="cart">${lines.map(([pid, qty]) => {
        const p = PRODUCTS.find((x) => x.id === pid);
        return `<tr><td>${escape(p.name)}</td><td>× ${qty}</td><td>${money(p.price * qty)}</td><td><form method="post" action="/cart/remove"><input type="hidden" name="product" value="${pid}"><button class="link" type="submit">Remove</button></form></td></tr>`;
      }).join('')}<tr class="total"><td>Total</td><td></td><td>${money(total(cart.items))}</td><td></td></tr></table>
      <form method="post" action="/checkout" class="checkout-start"><label for="email">Email for your receipt</label>
      <input id="email" name="email" type="email" autocomplete="email" required value="shopper@example.com"><button type="submit">Checkout</button></form>`));
    },

    'POST /checkout': async (req, res) => {
      const form = await readForm(req);
      const cart = cartOf(req, res);
      const amount = total(cart.items);
      if (!amount) return redirect(res, '/cart');
      const order = { id: id('ord'), items: { ...cart.items }, amount, email: form.email || 'shopper@example.com', status: 'awaiting_payment', attempt: 1, events: [], sessions: [] };
      await createSession(order);
      orders.set(order.id, order);
      cart.items = {};
      redirect(res, `/checkout/${order.id}`);
    },

    'GET /checkout/:id': (req, res, order) => {
      if (order.status === 'paid') return redirect(res, `/orders/${order.id}`);
      send(res, 200, page('Checkout', `<h1>Checkout</h1><p>Order <code>${escape(order.id)}</code> · <strong>${money(order.amount)}</strong></p>
        <div id="pay" data-pk="${escape(merchant.publishable_key)}" data-client-secret="${escape(order.clientSecret)}" data-order="${escape(order.id)}" data-accounts="${accounts}"></div>
        <p id="checkout-message" class="message" role="alert"></p>
        <script src="${escape(loader)}" integrity="${integrity()}" crossorigin="anonymous"></script>
        <script src="/static/checkout.js"></script>`));
    },

    'POST /checkout/:id/restart': async (req, res, order) => {
      if (order.status === 'paid') return redirect(res, `/orders/${order.id}`);
      if (!(await cancelSession(order))) return redirect(res, `/orders/${order.id}`);
      order.attempt += 1;
      await createSession(order);
      order.status = 'awaiting_payment';
      redirect(res, `/checkout/${order.id}`);
    },

    'GET /orders/:id': (req, res, order) => {
      if (order.status === 'paid') {
        return send(res, 200, page('Thank you', `<h1 class="paid">Thank you! Your order is paid.</h1>
          <p>Order <code>${escape(order.id)}</code> · ${money(order.amount)} · payment <code>${escape(order.paymentId)}</code></p>
          <p>The payment was confirmed by a signed webhook from Tessera.</p><p><a href="/">Continue shopping</a></p>`));
      }
      send(res, 200, page('Confirming payment', `<h1 class="pending">Confirming your payment…</h1>
        <p>Order <code>${escape(order.id)}</code> is marked paid as soon as the payment service confirms it.</p>`, { head: '<meta http-equiv="refresh" content="1">' }));
    },

    'GET /orders/:id/failed': (req, res, order) => send(res, 200, page('Payment not completed', `<h1 class="failed">Your payment was not completed.</h1>
      <p>${escape(new URL(req.url, 'http://x').searchParams.get('reason') || 'The checkout could not be finished.')}</p>
      <form method="post" action="/checkout/${escape(order.id)}/restart"><button type="submit">Try again</button></form>`)),

    'GET /orders/:id.json': (req, res, order) => sendJson(res, 200, { id: order.id, status: order.status, checkout_session: order.sessionId, sessions: order.sessions, payment: order.paymentId ?? null, refunded: order.refunded ?? 0, events: order.events }),

    'POST /webhooks/tessera': async (req, res) => {
      const body = await readBody(req);
      if (!verifySignature(req.headers['tessera-signature'], body, merchant.webhook_secret)) {
        log('webhook refused: bad signature');
        return sendJson(res, 400, { error: 'invalid signature' });
      }
      const event = JSON.parse(body);
      const object = event.data.object;
      const order = orderOf(event.type, object);
      if (order) {
        order.events.push({ id: event.id, type: event.type, object: object.id });
        if (event.type === 'payment.succeeded') {
          order.status = 'paid';
          order.paymentId = object.id;
        }
        if (event.type === 'refund.succeeded') order.refunded = (order.refunded ?? 0) + object.amount;
      }
      log(`webhook ${event.type} ${object.id}`);
      sendJson(res, 200, { received: true });
    },
  };

  function match(method, path) {
    for (const [key, handler] of Object.entries(routes)) {
      const [m, pattern] = key.split(' ');
      if (m !== method) continue;
      const re = new RegExp(`^${pattern.replace('.', '\\.').replace(':id', '(ord_[\\w-]+)')}$`);
      const found = re.exec(path);
      if (found) return { handler, orderId: found[1] };
    }
    return null;
  }

  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://store').pathname;
    try {
      if (req.method === 'GET' && path.startsWith('/static/')) return sendStatic(res, path.slice('/static/'.length));
      if (path === '/favicon.ico') return res.writeHead(204).end();
      const route = match(req.method, path);
      if (!route) return send(res, 404, page('Not found', '<h1>Not found</h1>'));
      const order = route.orderId ? orders.get(route.orderId) : undefined;
      if (route.orderId && !order) return send(res, 404, page('Not found', '<h1>No such order</h1>'));
      await route.handler(req, res, order);
    } catch (error) {
      log(`store error: ${error.message}`);
      send(res, 500, page('Error', '<h1>Something went wrong</h1><p>Please try again.</p>'));
    }
  });

  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      resolve({ url, orders, get publishableKey() { return merchant.publishable_key; }, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) });
    });
  });
}

function send(res, status, html) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

function redirect(res, location) {
  res.writeHead(303, { Location: location });
  res.end();
}

const STATIC = { 'store.css': 'text/css', 'checkout.js': 'text/javascript' };
function sendStatic(res, name) {
  if (!STATIC[name]) return send(res, 404, 'Not found');
  res.writeHead(200, { 'Content-Type': STATIC[name] });
  res.end(readFileSync(join(here, 'static', name)));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
      if (body.length > 1e6) req.destroy();
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function readForm(req) {
  return Object.fromEntries(new URLSearchParams(await readBody(req)));
}
