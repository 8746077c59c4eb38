import { strict as assert } from 'node:assert';
import { EJSON, Int32, ObjectId, type Document } from 'bson';
import { compileMasking } from '../../../../src/core/recording/masking';

const key = Buffer.alloc(32, 7);
const masking = (patterns: unknown[], markChanges = true) => compileMasking(patterns, { markChanges, key });

const text = (d: Document) => EJSON.stringify(d, { relaxed: false });

function insert(fullDocument: Document): Document {
  return {
    _id: { _data: '8201' },
    operationType: 'insert',
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: fullDocument._id },
    fullDocument,
  };
}

describe('field masking', () => {
  const doc = {
    _id: new ObjectId('65a1b2c3d4e5f60718293a4b'),
    email: 'top@example.com',
    customer: { email: 'cust@example.com', name: 'Ada', deep: { email: 'deep@example.com', ssn: '111-22-3333' } },
    payment: { card: { number: '4111111111111111', cvc: new Int32(123) }, amount: 10 },
    items: [
      { sku: 'a', ssn: '999-00-1111' },
      { sku: 'b', owner: { ssn: '888-00-1111' } },
    ],
    ssn: '777-00-1111',
  };

  it('`*` is one field, `**` any depth, a plain path one field: only the named values go', () => {
    const m = masking(['*.email', 'payment.card', '**.ssn']);
    const out = text(m.mask(insert(doc)));
    for (const secret of [
      'cust@example.com',
      '4111111111111111',
      '111-22-3333',
      '999-00-1111',
      '888-00-1111',
      '777-00-1111',
    ]) {
      assert.ok(!out.includes(secret), `${secret} is masked`);
    }
    assert.ok(out.includes('top@example.com'), '*.email needs one field before email');
    assert.ok(out.includes('deep@example.com'), '*.email is not ** .email');
    assert.ok(out.includes('"Ada"') && out.includes('"sku":"a"') && out.includes('"amount":{"$numberInt":"10"}'));
    const masked = m.mask(insert(doc)).fullDocument as Document;
    assert.match(String((masked.payment as Document).card), /^<masked·[0-9a-f]{6}>$/, 'a subdocument is masked whole');
  });

  it('never changes the event it is given, and returns it as is when nothing matches', () => {
    const event = insert(doc);
    const before = text(event);
    const m = masking(['customer.email']);
    assert.notEqual(m.mask(event), event);
    assert.equal(text(event), before);
    const none = masking(['nothing.here']);
    assert.equal(none.mask(event), event);
    assert.equal(masking([]).mask(event), event);
  });

  it('equal values mask alike and different ones differ, so a diff still shows a change', () => {
    const m = masking(['customer.email']);
    const a = m.mask(insert({ _id: 1, customer: { email: 'x@example.com' } })).fullDocument as Document;
    const b = m.mask(insert({ _id: 2, customer: { email: 'x@example.com' } })).fullDocument as Document;
    const c = m.mask(insert({ _id: 3, customer: { email: 'y@example.com' } })).fullDocument as Document;
    assert.equal((a.customer as Document).email, (b.customer as Document).email);
    assert.notEqual((a.customer as Document).email, (c.customer as Document).email);
    const other = compileMasking(['customer.email'], { markChanges: true, key: Buffer.alloc(32, 8) });
    const d = other.mask(insert({ _id: 1, customer: { email: 'x@example.com' } })).fullDocument as Document;
    assert.notEqual((a.customer as Document).email, (d.customer as Document).email, 'the hash is keyed');
    const plain = masking(['customer.email'], false);
    const e = plain.mask(insert({ _id: 1, customer: { email: 'x@example.com' } })).fullDocument as Document;
    assert.equal((e.customer as Document).email, '<masked>');
  });

  it('masks updatedFields by their dotted keys, prefixes and subdocuments, pre-images and document keys', () => {
    const m = masking(['payment.card', '**.ssn', 'items.price']);
    const update: Document = {
      _id: { _data: '8202' },
      operationType: 'update',
      ns: { db: 'shop', coll: 'orders' },
      documentKey: { _id: 1, ssn: 'key-ssn-1' },
      updateDescription: {
        updatedFields: {
          'payment.card.number': '5500000000000004',
          payment: { card: { number: '340000000000009' }, amount: 3 },
          'items.3.price': 'secret-price',
          'a.b.ssn': 'ud-ssn',
          status: 'paid',
        },
        removedFields: ['payment.card.cvc'],
        truncatedArrays: [],
      },
      fullDocumentBeforeChange: { _id: 1, payment: { card: 'pre-card' }, items: [{ price: 'pre-price' }] },
    };
    const out = text(m.mask(update));
    for (const secret of [
      '5500000000000004',
      '340000000000009',
      'secret-price',
      'ud-ssn',
      'key-ssn-1',
      'pre-card',
      'pre-price',
    ]) {
      assert.ok(!out.includes(secret), `${secret} is masked`);
    }
    assert.ok(out.includes('"status":"paid"') && out.includes('"amount":{"$numberInt":"3"}'));
    assert.ok(out.includes('payment.card.cvc'), 'field names are not values: removedFields stay');
  });

  it('reports unusable patterns and keeps the others', () => {
    const m = masking(['', 'a..b', '**', 42, ' customer.email ']);
    assert.deepEqual(m.fields, ['customer.email']);
    assert.equal(m.problems.length, 4);
    assert.match(m.problems[1], /empty path segment/);
  });

  it('matches segment globs such as `*_token` and leaves BSON values alone', () => {
    const m = masking(['auth.*_token']);
    const out = m.mask(
      insert({ _id: new ObjectId(), auth: { api_token: 'tok-1', refresh_token: 'tok-2', user: 'ada' } }),
    );
    const s = text(out);
    assert.ok(!s.includes('tok-1') && !s.includes('tok-2') && s.includes('ada'));
    assert.ok((out.fullDocument as Document)._id instanceof ObjectId);
  });
});
