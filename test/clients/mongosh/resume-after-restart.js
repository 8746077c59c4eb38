// Resume after a restart: a worker processes order events and saves each event's resume token in
// the database (the course's resume_tokens collection). It "crashes" after two of three events;
// started again, it resumes from the saved token and sees exactly what it had not processed yet.
// Run twice: PHASE=first, then PHASE=second.
const shop = db.getSiblingDB(process.env.SCENARIO_DB || 'shop');
const streamId = 'orders-worker';

function loadToken() {
  const doc = shop.resume_tokens.findOne({ _id: streamId });
  return doc ? doc.token : null;
}
function saveToken(token) {
  shop.resume_tokens.replaceOne({ _id: streamId }, { _id: streamId, token, lastUpdated: new Date() }, { upsert: true });
}
function nextEvent(stream) {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const e = stream.tryNext();
    if (e !== null) return e;
  }
  throw new Error('no event within 10 s');
}

const token = loadToken();
print(`saved token: ${token ? 'yes' : 'none'}`);
const stream = token ? shop.orders.watch([], { resumeAfter: token }) : shop.orders.watch([]);

if (process.env.PHASE === 'first') {
  shop.orders.insertMany([{ _id: 'a1' }, { _id: 'a2' }, { _id: 'a3' }]);
  for (let i = 0; i < 2; i++) {
    const e = nextEvent(stream);
    print(`processed ${e.operationType} ${e.documentKey._id}`);
    saveToken(e._id);
  }
  print('crash before processing the third order');
} else {
  shop.orders.insertOne({ _id: 'a4' }); // written while the worker was down... or just after
  for (let i = 0; i < 2; i++) {
    const e = nextEvent(stream);
    print(`processed ${e.operationType} ${e.documentKey._id}`);
    saveToken(e._id);
  }
  const extra = stream.tryNext();
  print(`more: ${extra === null ? 'none' : extra.documentKey._id}`);
}
stream.close();
