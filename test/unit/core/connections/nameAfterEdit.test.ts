import { strict as assert } from 'node:assert';
import { nameAfterEdit } from '../../../../src/core/connections/connectionString';

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
