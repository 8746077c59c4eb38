import { strict as assert } from 'node:assert';
import {
  joinSecret,
  redactConnectionString,
  redactSecrets,
  splitSecret,
  validateConnectionString,
} from '../../../../src/core/connections/connectionString';

const PLANTED = 'Sup3r$ecret@Pw/x';
const ENCODED = encodeURIComponent(PLANTED);
const URI = `mongodb://alice:${ENCODED}@db1.example.net:27017,db2.example.net/shop?replicaSet=rs0&authSource=admin`;

function leaks(text: string): boolean {
  return text.includes(PLANTED) || text.includes(ENCODED) || text.includes('Sup3r');
}

describe('connection strings', () => {
  describe('validateConnectionString', () => {
    it('accepts a replica-set string and reports hosts, password and a default name', () => {
      const r = validateConnectionString(URI);
      assert.ok(r.ok);
      assert.deepEqual(r.hosts, ['db1.example.net:27017', 'db2.example.net']);
      assert.equal(r.hasPassword, true);
      assert.equal(r.defaultName, 'db1.example.net:27017 (+1)');
    });

    it('accepts an SRV string without a password', () => {
      const r = validateConnectionString('  mongodb+srv://bob@cluster0.abcde.mongodb.net/?retryWrites=true ');
      assert.ok(r.ok);
      assert.equal(r.hasPassword, false);
      assert.equal(r.defaultName, 'cluster0.abcde.mongodb.net');
    });

    it('asks for a string when the input is empty', () => {
      const r = validateConnectionString('   ');
      assert.ok(!r.ok);
      assert.match(r.message, /Type a connection string/);
    });

    it('tells people to start with a MongoDB scheme', () => {
      for (const text of ['localhost:27017', 'http://localhost', 'postgres://u:p@h/db']) {
        const r = validateConnectionString(text);
        assert.ok(!r.ok, text);
        assert.match(r.message, /Start with mongodb:\/\/ or mongodb\+srv:\/\//);
      }
    });

    it('explains an unencoded character in the password without echoing it', () => {
      const r = validateConnectionString('mongodb://alice:pa:ss/word@host');
      assert.ok(!r.ok);
      assert.match(r.message, /percent-encoded/);
      assert.ok(!r.message.includes('pa:ss'));
    });

    it('refuses a second @, which would turn part of the password into a host', () => {
      const r = validateConnectionString(`mongodb://alice:${PLANTED}@host`);
      assert.ok(!r.ok);
      assert.match(r.message, /%40/);
      assert.ok(!leaks(r.message));
    });

    it('asks for a host when there is none', () => {
      const r = validateConnectionString('mongodb://');
      assert.ok(!r.ok);
      assert.match(r.message, /Add a host/);
    });

    it('refuses a port that is not a number from 1 to 65535, naming it and what to type', () => {
      for (const [text, bad] of [
        ['mongodb://127.0.0.1:notaport/', '"notaport"'],
        ['mongodb://127.0.0.1:99999', '"99999"'],
        ['mongodb://127.0.0.1:0', '"0"'],
        ['mongodb://a.example.net:27017,b.example.net:27x17/?replicaSet=rs0', '"27x17"'],
      ]) {
        const r = validateConnectionString(text);
        assert.ok(!r.ok, text);
        assert.ok(r.message.includes(bad) && /1 to 65535/.test(r.message), r.message);
      }
    });

    it('refuses a host name with characters no host can have', () => {
      const r = validateConnectionString('mongodb://my host!/');
      assert.ok(!r.ok);
      assert.match(r.message, /is not a host name/);
    });

    it('accepts IPv6 literals and plain ports', () => {
      for (const text of ['mongodb://[::1]:27017/', 'mongodb://localhost:1', 'mongodb://h1:65535,h2/']) {
        assert.ok(validateConnectionString(text).ok, text);
      }
    });

    it('refuses a port on an SRV string', () => {
      const r = validateConnectionString('mongodb+srv://cluster0.example.net:27017');
      assert.ok(!r.ok);
      assert.match(r.message, /cannot have a port/);
    });
  });

  describe('redactConnectionString', () => {
    it('replaces the password with **** and keeps user, hosts and options', () => {
      const shown = redactConnectionString(URI);
      assert.ok(!leaks(shown), shown);
      assert.match(
        shown,
        /^mongodb:\/\/alice:\*\*\*\*@db1\.example\.net:27017,db2\.example\.net\/shop\?replicaSet=rs0/,
      );
    });

    it('leaves a string without a password unchanged', () => {
      assert.equal(
        redactConnectionString('mongodb://localhost:27017/?directConnection=true'),
        'mongodb://localhost:27017/?directConnection=true',
      );
    });

    it('never returns an unparsable string, which could hold a password', () => {
      assert.equal(redactConnectionString(`mongodb://alice:${PLANTED}@host`), '<invalid connection string>');
      assert.equal(redactConnectionString(`mongodb://alice:${ENCODED}:x@`), '<invalid connection string>');
      assert.equal(splitSecret(`mongodb://alice:${PLANTED}@host`).publicUri, '<invalid connection string>');
    });
  });

  describe('splitSecret / joinSecret', () => {
    it('splits the decoded password out and the public part carries none', () => {
      const { publicUri, password } = splitSecret(URI);
      assert.equal(password, PLANTED);
      assert.ok(!leaks(publicUri), publicUri);
      assert.match(publicUri, /^mongodb:\/\/alice@db1/);
    });

    it('joins back to a string the parser reads with the same password', () => {
      const { publicUri, password } = splitSecret(URI);
      const joined = joinSecret(publicUri, password);
      const again = splitSecret(joined);
      assert.equal(again.password, PLANTED);
      assert.equal(again.publicUri, publicUri);
    });

    it('returns no password when there is none', () => {
      assert.equal(splitSecret('mongodb://localhost').password, undefined);
      assert.equal(joinSecret('mongodb://localhost'), 'mongodb://localhost');
    });
  });

  describe('redactSecrets', () => {
    it('hides a secret in its plain and URL-encoded forms', () => {
      const text = `failed auth with ${PLANTED}; retried ${URI}; encoded ${ENCODED}.`;
      const out = redactSecrets(text, [PLANTED]);
      assert.ok(!leaks(out), out);
      assert.ok(out.includes('****'));
    });

    it('hides a full connection string and its password alone', () => {
      const out = redactSecrets(`connect ${URI} then password ${PLANTED}`, [URI]);
      assert.ok(!leaks(out), out);
    });

    it('leaves text without secrets untouched', () => {
      assert.equal(redactSecrets('nothing here', [PLANTED]), 'nothing here');
      assert.equal(redactSecrets('nothing here', ['']), 'nothing here');
    });
  });
});
