// What a deployment holds, for the connection tree: databases and their collections (views included).
import type { MongoClient } from 'mongodb';

export async function listDatabases(
  client: MongoClient,
): Promise<{ name: string; sizeOnDisk?: number; empty?: boolean }[]> {
  const reply = await client.db('admin').admin().listDatabases({ nameOnly: false });
  return reply.databases
    .map((d) => ({
      name: d.name,
      sizeOnDisk: typeof d.sizeOnDisk === 'number' ? d.sizeOnDisk : undefined,
      empty: d.empty,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function listCollections(
  client: MongoClient,
  db: string,
): Promise<{ name: string; type: string; preAndPostImages: boolean }[]> {
  const infos = await client.db(db).listCollections({}, { nameOnly: false }).toArray();
  return infos
    .map((c) => {
      const options = (c as { options?: { changeStreamPreAndPostImages?: { enabled?: boolean } } }).options;
      return {
        name: c.name,
        type: c.type ?? 'collection',
        preAndPostImages: options?.changeStreamPreAndPostImages?.enabled === true,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
