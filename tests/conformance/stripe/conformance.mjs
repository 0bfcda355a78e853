// stripe-node, unchanged, against CpqSync's emulated Stripe API. The .NET suite starts the sandbox and runs this
// script with STRIPE_HOST, STRIPE_PORT and STRIPE_SECRET_KEY; a failed check exits non-zero.
import assert from 'node:assert/strict';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY, {
  host: process.env.STRIPE_HOST,
  port: Number(process.env.STRIPE_PORT),
  protocol: 'http',
  maxNetworkRetries: 2,
  telemetry: false,
});

const checks = [];
const check = (name, fn) => checks.push([name, fn]);

check('customers: create, retrieve with expand, search by metadata, auto-paginate', async () => {
  const created = [];
  for (let i = 0; i < 3; i++) {
    created.push(await stripe.customers.create({ email: `n${i}@example.com`, metadata: { sf_account_id: `001N${i}` } }));
  }
  assert.match(created[0].id, /^cus_/);
  const found = await stripe.customers.search({ query: "metadata['sf_account_id']:'001N1'" });
  assert.equal(found.object, 'search_result');
  assert.deepEqual(found.data.map((c) => c.id), [created[1].id]);
  const all = await stripe.customers.list({ limit: 2 }).autoPagingToArray({ limit: 10 });
  assert.deepEqual(all.map((c) => c.id), created.map((c) => c.id).reverse());
});

check('errors: resource_missing and parameter_unknown surface as StripeInvalidRequestError', async () => {
  await assert.rejects(stripe.customers.retrieve('cus_missing'), (error) => {
    assert.equal(error.type, 'StripeInvalidRequestError');
    assert.equal(error.code, 'resource_missing');
    assert.equal(error.statusCode, 404);
    assert.equal(error.message, "No such customer: 'cus_missing'");
    assert.match(error.requestId, /^req_/);
    return true;
  });
  await assert.rejects(stripe.products.create({ name: 'X', colour: 'red' }), (error) => {
    assert.equal(error.code, 'parameter_unknown');
    assert.equal(error.param, 'colour');
    return true;
  });
});

check('authentication: a bad key is a StripeAuthenticationError', async () => {
  const bad = new Stripe('sk_test_not_the_key', {
    host: process.env.STRIPE_HOST, port: Number(process.env.STRIPE_PORT), protocol: 'http', telemetry: false,
  });
  await assert.rejects(bad.customers.list(), (error) => {
    assert.equal(error.type, 'StripeAuthenticationError');
    assert.equal(error.statusCode, 401);
    return true;
  });
});

check('idempotency: the same key replays the first response', async () => {
  const key = `conformance-${Date.now()}`;
  const first = await stripe.products.create({ name: 'Replayed' }, { idempotencyKey: key });
  const second = await stripe.products.create({ name: 'Replayed' }, { idempotencyKey: key });
  assert.equal(second.id, first.id);
  assert.equal(second.lastResponse.headers['idempotent-replayed'], 'true');
  await assert.rejects(stripe.products.create({ name: 'Other' }, { idempotencyKey: key }), (error) => {
    assert.equal(error.type, 'StripeIdempotencyError');
    return true;
  });
});

check('prices: tiered with inf, expanded tiers and product, update limited to mutable fields', async () => {
  const product = await stripe.products.create({ name: 'Seat' });
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    recurring: { interval: 'month' },
    tiers: [{ up_to: 10, unit_amount: 1000 }, { up_to: 'inf', unit_amount_decimal: '750.5' }],
    lookup_key: 'node_seat',
  });
  const read = await stripe.prices.retrieve(price.id, { expand: ['tiers', 'product'] });
  assert.equal(read.tiers.length, 2);
  assert.equal(read.tiers[1].up_to, null);
  assert.equal(read.product.name, 'Seat');
  const archived = await stripe.prices.update(price.id, { active: false, metadata: { replaced: 'yes' } });
  assert.equal(archived.active, false);
  await assert.rejects(stripe.prices.update(price.id, { unit_amount: 5 }), (error) => error.code === 'parameter_unknown');
  const byKey = await stripe.prices.list({ lookup_keys: ['node_seat'] });
  assert.equal(byKey.data.length, 1);
});

check('billing meters: create, metered price on the meter, duplicate event name refused, deactivate and reactivate', async () => {
  const eventName = `node_calls_${Date.now()}`;
  const meter = await stripe.billing.meters.create({
    display_name: 'API calls', event_name: eventName, default_aggregation: { formula: 'sum' },
  });
  assert.match(meter.id, /^mtr_/);
  assert.equal(meter.object, 'billing.meter');
  assert.equal(meter.customer_mapping.event_payload_key, 'stripe_customer_id');
  const price = await stripe.prices.create({
    product_data: { name: 'Calls' }, currency: 'usd', unit_amount: 1,
    recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
  });
  assert.equal(price.recurring.meter, meter.id);
  await assert.rejects(stripe.billing.meters.create({
    display_name: 'Again', event_name: eventName, default_aggregation: { formula: 'sum' },
  }), (error) => error.type === 'StripeInvalidRequestError' && error.param === 'event_name');
  const inactive = await stripe.billing.meters.deactivate(meter.id);
  assert.equal(inactive.status, 'inactive');
  const listed = await stripe.billing.meters.list({ status: 'inactive' });
  assert.ok(listed.data.some((m) => m.id === meter.id));
  assert.equal((await stripe.billing.meters.reactivate(meter.id)).status, 'active');
});

check('subscription schedules: phases with duration, update, release; test clock advance', async () => {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: 1_800_000_000 });
  const customer = await stripe.customers.create({ email: 'sched@example.com', test_clock: clock.id });
  const price = await stripe.prices.create({
    product_data: { name: 'Plan' }, currency: 'eur', unit_amount: 2000, recurring: { interval: 'month' },
  });
  const coupon = await stripe.coupons.create({ amount_off: 500, currency: 'eur', duration: 'forever' });
  const schedule = await stripe.subscriptionSchedules.create({
    customer: customer.id,
    start_date: 'now',
    end_behavior: 'release',
    phases: [
      { items: [{ price: price.id, quantity: 2 }], duration: { interval: 'month', interval_count: 1 }, discounts: [{ coupon: coupon.id }] },
      { items: [{ price: price.id, quantity: 5 }], duration: { interval: 'month', interval_count: 2 } },
    ],
  });
  assert.match(schedule.id, /^sub_sched_/);
  assert.equal(schedule.status, 'active');
  assert.equal(schedule.phases.length, 2);
  assert.equal(schedule.phases[1].start_date, schedule.phases[0].end_date);

  const updated = await stripe.subscriptionSchedules.update(schedule.id, {
    metadata: { sf_quote: 'a0Q' },
    phases: [
      { start_date: schedule.phases[0].start_date, items: [{ price: price.id, quantity: 3 }], end_date: schedule.phases[0].end_date },
      { items: [{ price: price.id, quantity: 4 }], duration: { interval: 'month' } },
    ],
  });
  assert.equal(updated.metadata.sf_quote, 'a0Q');
  const subscription = await stripe.subscriptions.retrieve(updated.subscription);
  assert.equal(subscription.items.data[0].quantity, 3);

  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: schedule.phases[0].end_date + 86_400 });
  const moved = await stripe.subscriptionSchedules.retrieve(schedule.id, { expand: ['subscription'] });
  assert.equal(moved.subscription.items.data[0].quantity, 4);

  const released = await stripe.subscriptionSchedules.release(schedule.id);
  assert.equal(released.status, 'released');
  assert.equal(released.released_subscription, subscription.id);
  await assert.rejects(stripe.subscriptionSchedules.cancel(schedule.id), (error) => error.statusCode === 400);
});

check('subscriptions: created directly, updated, canceled', async () => {
  const customer = await stripe.customers.create({ email: 'direct@example.com' });
  const price = await stripe.prices.create({
    product_data: { name: 'Direct' }, currency: 'usd', unit_amount: 1200, recurring: { interval: 'year' },
  });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id, quantity: 2 }], metadata: { sf_contract: '800B' },
  });
  assert.equal(subscription.status, 'active');
  assert.equal(subscription.items.data[0].quantity, 2);
  const invoice = await stripe.invoices.retrieve(subscription.latest_invoice);
  assert.equal(invoice.total, 2400);
  const updated = await stripe.subscriptions.update(subscription.id, {
    items: [{ id: subscription.items.data[0].id, quantity: 5 }], cancel_at_period_end: true,
  });
  assert.equal(updated.items.data[0].quantity, 5);
  assert.equal(updated.cancel_at_period_end, true);
  const canceled = await stripe.subscriptions.cancel(subscription.id);
  assert.equal(canceled.status, 'canceled');
});

check('invoices: items gathered into a draft, finalized with a number', async () => {
  const customer = await stripe.customers.create({ email: 'inv@example.com' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd', description: 'Setup' });
  const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
  assert.equal(draft.total, 1500);
  const open = await stripe.invoices.finalizeInvoice(draft.id);
  assert.equal(open.status, 'open');
  assert.match(open.number, /-0001$/);
});

check('faults: an injected 500 set over /_sandbox/faults is retried with the same idempotency key', async () => {
  const base = `http://${process.env.STRIPE_HOST}:${process.env.STRIPE_PORT}`;
  const set = await fetch(`${base}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fail_next_requests: 1 }),
  });
  assert.equal(set.status, 200);
  const customer = await stripe.customers.create({ email: 'retried@example.com' });
  const found = await stripe.customers.list({ email: 'retried@example.com' });
  assert.deepEqual(found.data.map((c) => c.id), [customer.id]);
});

check('search: products and subscriptions by metadata, paged with autoPagingToArray, invalid query refused', async () => {
  const products = [];
  for (let i = 0; i < 3; i++) {
    products.push(await stripe.products.create({ name: `Seat ${i}`, metadata: { salesforce_product2_id: '01tSEARCH' } }));
  }
  const paged = await stripe.products.search({ query: "metadata['salesforce_product2_id']:'01tSEARCH' AND active:'true'", limit: 2 })
    .autoPagingToArray({ limit: 10 });
  assert.deepEqual(paged.map((p) => p.id).sort(), products.map((p) => p.id).sort());
  const customer = await stripe.customers.create({ name: 'Searcher' });
  const price = await stripe.prices.create({ product: products[0].id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }], metadata: { salesforce_order_id: '801SEARCH' },
  });
  const found = await stripe.subscriptions.search({ query: "metadata['salesforce_order_id']:'801SEARCH' AND -status:'canceled'" });
  assert.equal(found.object, 'search_result');
  assert.equal(found.url, '/v1/subscriptions/search');
  assert.deepEqual(found.data.map((s) => s.id), [subscription.id]);
  await assert.rejects(stripe.customers.search({ query: "metadata['k']:'v' AND name:'a' OR name:'b'" }), (error) => {
    assert.equal(error.type, 'StripeInvalidRequestError');
    assert.equal(error.param, 'query');
    return true;
  });
});

check('rate limit: a 429 rate_limit is a StripeRateLimitError', async () => {
  const base = `http://${process.env.STRIPE_HOST}:${process.env.STRIPE_PORT}`;
  await fetch(`${base}/_sandbox/faults`, { method: 'POST', body: 'rate_limit_next_requests=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const noRetry = new Stripe(process.env.STRIPE_SECRET_KEY, {
    host: process.env.STRIPE_HOST, port: Number(process.env.STRIPE_PORT), protocol: 'http', telemetry: false, maxNetworkRetries: 0,
  });
  await assert.rejects(noRetry.customers.list(), (error) => {
    assert.equal(error.type, 'StripeRateLimitError');
    assert.equal(error.code, 'rate_limit');
    return true;
  });
});

let failed = 0;
for (const [name, fn] of checks) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n${error?.stack ?? error}`);
  }
}
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
