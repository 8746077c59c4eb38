import { strict as assert } from 'node:assert';
import { nameAfterEdit, validateConnectionString } from '../../../../src/core/connections/connectionString';

function refused(uri: string): string {
  const r = validateConnectionString(uri);
  assert.equal(r.ok, false, `expected ${uri} to be refused`);
  return r.ok ? '' : r.message;
}

describe('connection strings: hosts and ports (issue 10 item 7)', () => {
  it('refuses a port that is not a number, in a sentence that does not echo it', () => {
    const m = refused('mongodb://127.0.0.1:notaport/');
    assert.match(m, /port must be a number from 1 to 65535/);
    assert.ok(!m.includes('notaport'));
  });

  it('refuses ports out of range and names which host is wrong', () => {
    assert.match(refused('mongodb://a:99999'), /^Host 1: the port/);
    assert.match(refused('mongodb://a:0'), /port must be/);
    assert.match(refused('mongodb://ok:27017,b:70000'), /^Host 2: the port/);
  });

  it('refuses host names with spaces or other signs, and an empty host before a port', () => {
    assert.match(refused('mongodb://a b:1'), /letters, digits/);
    refused('mongodb://:27017');
  });

  it('refuses text after the closing bracket of an IPv6 literal', () => {
    assert.match(refused('mongodb://[::1]x/'), /right after the closing/);
  });

  it('accepts names, IPv4, IPv6 with and without a port, and several hosts', () => {
    for (const uri of [
      'mongodb://localhost',
      'mongodb://127.0.0.1:27017/',
      'mongodb://[::1]:27017/',
      'mongodb://[::1]/',
      'mongodb://db_1.example.net:27017,db-2.example.net:27018/?replicaSet=rs0',
      'mongodb+srv://cluster0.abcde.mongodb.net/',
    ]) {
      assert.ok(validateConnectionString(uri).ok, uri);
    }
  });
});

describe('nameAfterEdit (issue 10 item 7)', () => {
  it('a name generated from the old host follows the new host', () => {
    assert.equal(
      nameAfterEdit('old.example.net:27017', 'mongodb://old.example.net:27017', 'mongodb://new:27018'),
      'new:27018',
    );
  });
  it('a name the person chose stays, and so does any name when a string is unreadable', () => {
    assert.equal(nameAfterEdit('Production', 'mongodb://old:27017', 'mongodb://new:27018'), 'Production');
    assert.equal(nameAfterEdit('old:27017', undefined, 'mongodb://new:27018'), 'old:27017');
    assert.equal(nameAfterEdit('old:27017', 'mongodb://old:27017', 'mongodb://new:notaport'), 'old:27017');
  });
});
