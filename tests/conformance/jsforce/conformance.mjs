// jsforce, unchanged, against CpqSync's Salesforce sandbox. The .NET suite starts the sandbox and runs this
// script with the login details in SF_LOGIN_URL, SF_CLIENT_ID, SF_CLIENT_SECRET, SF_USERNAME, SF_PASSWORD.
// Exit code 0 means every check passed; the first failure prints what differed and exits 1.
import assert from 'node:assert/strict';
import jsforce from 'jsforce';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const loginUrl = env('SF_LOGIN_URL');
const checks = [];
const check = (name, run) => checks.push({ name, run });

const conn = new jsforce.Connection({
  loginUrl,
  oauth2: { loginUrl, clientId: env('SF_CLIENT_ID'), clientSecret: env('SF_CLIENT_SECRET') },
});

let accountId;
let orderId;

check('login with the OAuth2 password flow', async () => {
  const userInfo = await conn.login(env('SF_USERNAME'), env('SF_PASSWORD'));
  assert.match(userInfo.id, /^005/);
  assert.match(userInfo.organizationId, /^00D/);
  assert.equal(conn.instanceUrl, loginUrl);
  assert.ok(conn.accessToken);
});

check('identity of the logged-in user', async () => {
  const identity = await conn.identity();
  assert.equal(identity.username, env('SF_USERNAME'));
});

check('describeGlobal and describe', async () => {
  const global = await conn.describeGlobal();
  assert.ok(global.sobjects.some((o) => o.name === 'Account' && o.keyPrefix === '001'));
  const account = await conn.sobject('Account').describe();
  assert.equal(account.name, 'Account');
  assert.ok(account.fields.some((f) => f.name === 'Name'));
});

check('create, retrieve and update one record', async () => {
  const created = await conn.sobject('Account').create({ Name: 'Conformance Parent' });
  assert.equal(created.success, true);
  assert.equal(created.id.length, 18);
  accountId = created.id;
  await conn.sobject('Account').update({ Id: accountId, Industry: 'Technology' });
  const account = await conn.sobject('Account').retrieve(accountId);
  assert.equal(account.Name, 'Conformance Parent');
  assert.equal(account.Industry, 'Technology');
  assert.equal(account.attributes.type, 'Account');
});

check('retrieve by a 15-character id', async () => {
  const account = await conn.sobject('Account').retrieve(accountId.slice(0, 15));
  assert.equal(account.Id, accountId);
});

check('query with a parent path and a child subquery', async () => {
  const order = await conn.sobject('Order').create({ AccountId: accountId, EffectiveDate: '2026-01-31' });
  assert.equal(order.success, true);
  orderId = order.id;
  const parents = await conn.query(`SELECT Id, Name, (SELECT Id, EffectiveDate FROM Orders) FROM Account WHERE Id = '${accountId}'`);
  assert.equal(parents.totalSize, 1);
  assert.equal(parents.records[0].Orders.totalSize, 1);
  assert.equal(parents.records[0].Orders.records[0].Id, orderId);
  assert.equal(parents.records[0].Orders.records[0].EffectiveDate, '2026-01-31');
  const children = await conn.query(`SELECT Id, Account.Name FROM Order WHERE Id = '${orderId}'`);
  assert.equal(children.records[0].Account.Name, 'Conformance Parent');
  assert.equal(children.records[0].Account.attributes.type, 'Account');
});

check('the newest API version jsforce knows (65.0) is served too', async () => {
  const newer = new jsforce.Connection({ instanceUrl: conn.instanceUrl, accessToken: conn.accessToken, version: '65.0' });
  const result = await newer.query(`SELECT Id, Name FROM Account WHERE Id = '${accountId}'`);
  assert.equal(result.records[0].attributes.url, `/services/data/v65.0/sobjects/Account/${accountId}`);
});

check('collections: create 250 records in batches of 200', async () => {
  const records = Array.from({ length: 250 }, (_, i) => ({ Name: `Bulk ${String(i).padStart(3, '0')}` }));
  const results = await conn.sobject('Account').create(records, { allowRecursive: true });
  assert.equal(results.length, 250);
  assert.ok(results.every((r) => r.success));
});

check('paging: autoFetch follows nextRecordsUrl with batchSize 200', async () => {
  const seen = [];
  const result = await conn.query("SELECT Id, Name FROM Account WHERE Name LIKE 'Bulk %' ORDER BY Name", {
    autoFetch: true,
    maxFetch: 1000,
    headers: { 'Sforce-Query-Options': 'batchSize=200' },
  });
  assert.equal(result.totalSize, 250);
  seen.push(...result.records.map((r) => r.Name));
  assert.equal(seen.length, 250);
  assert.equal(seen[0], 'Bulk 000');
  assert.equal(seen[249], 'Bulk 249');
});

check('paging: queryMore with a locator', async () => {
  const first = await conn.query("SELECT Id FROM Account WHERE Name LIKE 'Bulk %'", {
    headers: { 'Sforce-Query-Options': 'batchSize=200' },
  });
  assert.equal(first.done, false);
  assert.equal(first.records.length, 200);
  const rest = await conn.queryMore(first.nextRecordsUrl, { headers: { 'Sforce-Query-Options': 'batchSize=200' } });
  assert.equal(rest.done, true);
  assert.equal(rest.records.length, 50);
});

check('upsert by external id: insert then update', async () => {
  const inserted = await conn.sobject('Account').upsert({ Name: 'Upserted', Stripe_ID__c: 'cus_conformance' }, 'Stripe_ID__c');
  assert.equal(inserted.success, true);
  assert.equal(inserted.created, true);
  const updated = await conn.sobject('Account').upsert({ Name: 'Upserted again', Stripe_ID__c: 'cus_conformance' }, 'Stripe_ID__c');
  assert.equal(updated.success, true);
  const found = await conn.query("SELECT Name FROM Account WHERE Stripe_ID__c = 'cus_conformance'");
  assert.equal(found.totalSize, 1);
  assert.equal(found.records[0].Name, 'Upserted again');
});

check('collections: upsert, update, retrieve and delete several records', async () => {
  const upserted = await conn.sobject('Account').upsert(
    [{ Name: 'Many 1', Stripe_ID__c: 'cus_many_1' }, { Name: 'Many 2', Stripe_ID__c: 'cus_many_2' }], 'Stripe_ID__c');
  assert.deepEqual(upserted.map((r) => [r.success, r.created]), [[true, true], [true, true]]);
  const ids = upserted.map((r) => r.id);
  const updated = await conn.sobject('Account').update(ids.map((Id) => ({ Id, Industry: 'Energy' })));
  assert.ok(updated.every((r) => r.success));
  const records = await conn.sobject('Account').retrieve(ids, { fields: ['Name', 'Industry'] });
  assert.deepEqual(records.map((r) => [r.Name, r.Industry]), [['Many 1', 'Energy'], ['Many 2', 'Energy']]);
  const deleted = await conn.sobject('Account').destroy(ids);
  assert.ok(deleted.every((r) => r.success));
});

check('delete one record, then queryAll still sees it', async () => {
  const created = await conn.sobject('Account').create({ Name: 'To delete' });
  const deleted = await conn.sobject('Account').destroy(created.id);
  assert.equal(deleted.success, true);
  const live = await conn.query(`SELECT Id FROM Account WHERE Id = '${created.id}'`);
  assert.equal(live.totalSize, 0);
  const all = await conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${created.id}'`, { scanAll: true });
  assert.equal(all.totalSize, 1);
  assert.equal(all.records[0].IsDeleted, true);
});

check('errors: bad field in a query, missing required field on create', async () => {
  await assert.rejects(conn.query('SELECT Bogus__c FROM Account'), (err) => err.errorCode === 'INVALID_FIELD');
  await assert.rejects(conn.sobject('Account').create({ Industry: 'No name' }), (err) => err.errorCode === 'REQUIRED_FIELD_MISSING');
  const partial = await conn.sobject('Account').create([{ Name: 'Fine' }, { Industry: 'No name' }]);
  assert.equal(partial[0].success, true);
  assert.equal(partial[1].success, false);
  assert.equal(partial[1].errors[0].statusCode, 'REQUIRED_FIELD_MISSING');
});

check('after the sandbox expires every session, jsforce logs in again by itself', async () => {
  const before = conn.accessToken;
  const expired = await fetch(`${loginUrl}/_sandbox/faults/expire-sessions`, { method: 'POST' });
  assert.equal(expired.status, 200);
  const result = await conn.query('SELECT COUNT() FROM Account');
  assert.ok(result.totalSize > 0);
  assert.notEqual(conn.accessToken, before);
});

check('limits report the API usage', async () => {
  const limits = await conn.limits();
  assert.ok(limits.DailyApiRequests.Max > 0);
  assert.ok(limits.DailyApiRequests.Remaining < limits.DailyApiRequests.Max);
  assert.ok(conn.limitInfo.apiUsage.used > 0);
});

let failed = 0;
for (const { name, run } of checks) {
  try {
    await run();
    console.log(`ok - ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`not ok - ${name}`);
    console.log(error?.stack ?? error);
    if (error?.data) console.log(JSON.stringify(error.data));
    break;
  }
}
console.log(failed === 0 ? `${checks.length} checks passed` : 'stopped at the first failure');
process.exit(failed === 0 ? 0 : 1);
