// Pure: facts in, checks out. Every check says what it saw, what it means and what to do.
import type { Document } from 'bson';
import { classifyBookmark } from '../bookmarks';
import type { DoctorFacts } from './facts';
import type { DoctorCheck, DoctorReport, DoctorTarget } from './model';
import { classifyPrivileges, targetText } from './privileges';
import {
  enableImagesRecipe,
  grantRecipe,
  preImageRetentionRecipe,
  resizeOplogRecipe,
  STANDALONE_TO_REPLICA_SET,
} from './recipes';
import { featuresOf, parseVersion, versionText, type Version } from './version';

export function buildReport(facts: DoctorFacts, target: DoctorTarget): DoctorReport {
  const version = facts.buildInfo.ok
    ? parseVersion(facts.buildInfo.value.version, facts.buildInfo.value.versionArray)
    : undefined;
  const topology = topologyCheck(facts);
  const checks = [
    topology,
    versionCheck(version),
    serviceCheck(facts),
    privilegesCheck(facts, target),
    imagesCheck(facts, version),
    oplogCheck(facts, topology.status !== 'fail'),
    bookmarksCheck(facts),
  ];
  return { checkedAt: facts.now.toISOString(), target, checks };
}

export type Topology = 'standalone' | 'replicaSet' | 'sharded';

export function topologyOf(hello: Document): Topology {
  if (hello.msg === 'isdbgrid') return 'sharded';
  return typeof hello.setName === 'string' ? 'replicaSet' : 'standalone';
}

function topologyCheck(facts: DoctorFacts): DoctorCheck {
  const base = { id: 'topology', title: 'Topology' } as const;
  if (!facts.hello.ok) return { ...base, status: 'unknown', sentence: `hello failed: ${facts.hello.message}` };
  const kind = topologyOf(facts.hello.value);
  if (kind === 'sharded') {
    return {
      ...base,
      status: 'ok',
      sentence: 'Connected to a sharded cluster through mongos: change streams are supported.',
    };
  }
  if (kind === 'replicaSet') {
    return {
      ...base,
      status: 'ok',
      sentence: `Replica set "${String(facts.hello.value.setName)}": change streams are supported.`,
    };
  }
  return {
    ...base,
    status: 'fail',
    sentence:
      'This server is a standalone mongod: the $changeStream stage is only supported on replica sets (error 40573), so every watch will fail.',
    action:
      'Restart it as a single-node replica set (recipe below), connect to a replica set, or use the built-in Sandbox connection.',
    recipes: [STANDALONE_TO_REPLICA_SET],
  };
}

function versionCheck(version: Version | undefined): DoctorCheck {
  const base = { id: 'version', title: 'Server version' } as const;
  if (!version) return { ...base, status: 'unknown', sentence: 'The server did not report its version (buildInfo).' };
  const features = featuresOf(version);
  const missing = features.filter((f) => !f.available);
  const details = features.map((f) => `${f.available ? 'yes' : 'no '}  ${f.name} (needs ${f.needs})`);
  if (version[0] < 4) {
    return {
      ...base,
      status: 'fail',
      sentence: `MongoDB ${versionText(version)} is too old for change streams on databases and deployments (4.0+).`,
      details,
    };
  }
  return {
    ...base,
    status: missing.some((f) => f.needs === '6.0') ? 'warn' : 'ok',
    sentence:
      missing.length === 0
        ? `MongoDB ${versionText(version)}: every change-stream feature the inspector uses is available.`
        : `MongoDB ${versionText(version)}: ${missing.length} feature${missing.length > 1 ? 's are' : ' is'} not available on this version.`,
    action:
      missing.length > 0
        ? 'Features marked "no" are hidden or will be refused; upgrading the server enables them.'
        : undefined,
    details,
  };
}

/** Hosted services that speak the wire protocol but implement change streams partly or not at all. */
const SERVICES: { name: string; host: RegExp; note: string }[] = [
  {
    name: 'Amazon DocumentDB',
    host: /\.docdb(-elastic)?\.amazonaws\.com$/i,
    note: 'change streams must be enabled per collection (modifyChangeStreams) and pre-images are not supported.',
  },
  {
    name: 'Azure Cosmos DB for MongoDB',
    host: /\.(mongo\.)?cosmos\.azure\.com$|mongocluster\.cosmos/i,
    note: 'change streams are collection-level only, without deletes or pre-images.',
  },
];

function serviceCheck(facts: DoctorFacts): DoctorCheck {
  const base = { id: 'service', title: 'MongoDB or a compatible service' } as const;
  const info = facts.buildInfo.ok ? facts.buildInfo.value : undefined;
  for (const s of SERVICES) {
    if (facts.hosts.some((h) => s.host.test(h))) {
      return {
        ...base,
        status: 'warn',
        sentence: `This looks like ${s.name}: ${s.note}`,
        action: 'Watch single collections and do not rely on pre-images.',
      };
    }
  }
  if (info && ('ferretdb' in info || /ferret/i.test(String(info.gitVersion ?? '')))) {
    return {
      ...base,
      status: 'fail',
      sentence: 'This is FerretDB, which does not implement change streams.',
      action: 'Use MongoDB for change streams.',
    };
  }
  if (info?.sandbox === true) {
    return {
      ...base,
      status: 'ok',
      sentence: 'The built-in sandbox, an in-memory emulation of a MongoDB replica set (not for production data).',
    };
  }
  if (!info) return { ...base, status: 'unknown', sentence: 'buildInfo failed, so the server cannot be identified.' };
  const enterprise = Array.isArray(info.modules) && info.modules.includes('enterprise') ? ' Enterprise' : '';
  return { ...base, status: 'ok', sentence: `MongoDB${enterprise} ${String(info.version)}.` };
}

function privilegesCheck(facts: DoctorFacts, target: DoctorTarget): DoctorCheck {
  const base = { id: 'privileges', title: `Privileges on ${targetText(target)}` } as const;
  if (!facts.connectionStatus.ok)
    return { ...base, status: 'unknown', sentence: `connectionStatus failed: ${facts.connectionStatus.message}` };
  const verdict = classifyPrivileges(facts.connectionStatus.value, target);
  return {
    ...base,
    status: verdict.status,
    sentence: verdict.sentence,
    action:
      verdict.status === 'fail'
        ? 'Ask an administrator to grant the missing actions (recipe below), or connect as another user.'
        : undefined,
    recipes: verdict.status === 'fail' ? [grantRecipe(target.db, target.coll)] : undefined,
  };
}

function imagesCheck(facts: DoctorFacts, version: Version | undefined): DoctorCheck {
  const base = { id: 'images', title: 'Pre- and post-images' } as const;
  if (version && version[0] < 6) {
    return {
      ...base,
      status: 'unknown',
      sentence: 'Pre- and post-images need MongoDB 6.0; on this version fullDocumentBeforeChange is not available.',
    };
  }
  if (!facts.collections.ok)
    return {
      ...base,
      status: 'unknown',
      sentence: `The collections could not be listed: ${facts.collections.message}`,
    };
  const list = facts.collections.value;
  const off = list.filter((c) => !c.enabled);
  const details = list.map((c) => `${c.enabled ? 'on ' : 'off'}  ${c.db}.${c.coll}`);
  const retention = retentionText(facts);
  if (retention) details.push(retention);
  if (list.length === 0)
    return {
      ...base,
      status: 'unknown',
      sentence: 'No collection here yet, so there is no image setting to read.',
      details,
    };
  if (off.length === 0) {
    return {
      ...base,
      status: 'ok',
      sentence: `All ${list.length} collection${list.length > 1 ? 's record' : ' records'} pre- and post-images.`,
      details,
    };
  }
  return {
    ...base,
    status: 'warn',
    sentence: `${off.length} of ${list.length} collection${list.length > 1 ? 's do' : ' does'} not record pre- and post-images: fullDocumentBeforeChange will be empty and "required" will fail there.`,
    action:
      'Enable them (one click, the server keeps a copy of each changed document for the retention time), or watch with "whenAvailable".',
    details,
    fixes: off.map((c) => ({ kind: 'enableImages' as const, db: c.db, coll: c.coll })),
    recipes: [...off.slice(0, 5).map((c) => enableImagesRecipe(c.db, c.coll)), preImageRetentionRecipe(3600)],
  };
}

function retentionText(facts: DoctorFacts): string | undefined {
  let expire: unknown;
  if (facts.changeStreamOptions.ok) {
    const params = facts.changeStreamOptions.value.clusterParameters as Document[] | undefined;
    expire = params?.[0]?.preAndPostImages?.expireAfterSeconds;
  } else if (facts.serverStatus.ok) {
    expire = (facts.serverStatus.value.changeStreamPreImages as Document | undefined)?.expireAfterSeconds;
  }
  if (expire === undefined) return undefined;
  return expire === 'off'
    ? 'Retention: expireAfterSeconds off (pre-images are removed when the oplog no longer covers them).'
    : `Retention: pre-images expire after ${String(expire)} s.`;
}

const hoursText = (h: number): string => (h < 1 ? `${Math.round(h * 3600)} s` : `${h.toFixed(1)} h`);

/** The window in hours: last − first oplog entry (wall times when present, else cluster seconds). */
export function windowHours(facts: DoctorFacts): number | undefined {
  if (facts.oplogWindow.kind !== 'known') return undefined;
  const w = facts.oplogWindow.window;
  const ms = w.firstWall && w.lastWall ? w.lastWall.getTime() - w.firstWall.getTime() : (w.last.t - w.first.t) * 1000;
  return ms / 3_600_000;
}

function oplogCheck(facts: DoctorFacts, hasOplog: boolean): DoctorCheck {
  const base = { id: 'oplogWindow', title: 'Oplog window' } as const;
  if (!hasOplog || facts.oplogWindow.kind !== 'known') {
    const message =
      facts.oplogWindow.kind === 'unknown' ? facts.oplogWindow.message : 'A standalone server keeps no oplog.';
    return { ...base, status: 'unknown', sentence: hasOplog ? message : 'A standalone server keeps no oplog.' };
  }
  const w = facts.oplogWindow.window;
  const hours = windowHours(facts) ?? 0;
  const details = [
    `First entry: ${new Date(w.firstWall?.getTime() ?? w.first.t * 1000).toISOString()}`,
    `Last entry: ${new Date(w.lastWall?.getTime() ?? w.last.t * 1000).toISOString()}`,
    `Window: ${hoursText(hours)}`,
    `Consumer may be down for: ${hoursText(facts.consumerDowntimeHours)} (setting)`,
  ];
  let sizeMB = 0;
  let full = true;
  if (facts.oplogStats.ok) {
    const s = facts.oplogStats.value;
    sizeMB = s.maxBytes / 1_048_576;
    full = s.maxBytes > 0 && s.sizeBytes >= s.maxBytes * 0.9;
    details.push(`Size: ${s.maxBytes} bytes configured, ${s.sizeBytes} used (${s.count} entries)`);
  }
  // A bookmark older than the first entry proves the ring already dropped history, whatever the byte count says.
  if (facts.bookmarks.some((b) => classifyBookmark(b, facts.oplogWindow).status === 'expired')) full = true;
  if (hours >= facts.consumerDowntimeHours) {
    return {
      ...base,
      status: 'ok',
      sentence: `The oplog holds ${hoursText(hours)} of history, more than the ${hoursText(facts.consumerDowntimeHours)} your consumer may be down.`,
      details,
    };
  }
  const target = Math.max(990, Math.ceil((sizeMB * facts.consumerDowntimeHours) / Math.max(hours, 1 / 3600)));
  return {
    ...base,
    status: full ? 'fail' : 'warn',
    sentence: full
      ? `The oplog holds only ${hoursText(hours)} of history: a consumer down longer than that loses its place (error 286) and must start over.`
      : `The oplog holds ${hoursText(hours)} so far and is not full yet; the window will grow, but check it again under your usual write load.`,
    action: `Raise the oplog size so it covers at least ${hoursText(facts.consumerDowntimeHours)} (recipe below), or lower the setting if your consumer restarts faster.`,
    details,
    recipes: [resizeOplogRecipe(target)],
  };
}

function bookmarksCheck(facts: DoctorFacts): DoctorCheck {
  const base = { id: 'bookmarks', title: 'Saved bookmarks' } as const;
  if (facts.bookmarks.length === 0)
    return { ...base, status: 'ok', sentence: 'No saved bookmarks for this connection.' };
  const details: string[] = [];
  let expired = 0;
  let unknown = 0;
  for (const b of facts.bookmarks) {
    const s = classifyBookmark(b, facts.oplogWindow);
    const age = b.clusterTime ? hoursText((facts.now.getTime() / 1000 - b.clusterTime.t) / 3600) : 'unknown age';
    if (s.status === 'expired') expired++;
    if (s.status === 'unknown') unknown++;
    details.push(
      `${s.status === 'expired' ? 'expired' : s.status === 'ok' ? 'ok     ' : 'unknown'}  ${b.label} (${age} old)`,
    );
  }
  if (expired > 0) {
    return {
      ...base,
      status: 'fail',
      sentence: `${expired} of ${facts.bookmarks.length} bookmark${facts.bookmarks.length > 1 ? 's are' : ' is'} older than the oplog window: resuming from ${expired > 1 ? 'them' : 'it'} fails with error 286.`,
      action:
        'Start those watches at the oldest available time or from now, and raise the oplog size if this happens often.',
      details,
    };
  }
  return {
    ...base,
    status: unknown === facts.bookmarks.length ? 'unknown' : 'ok',
    sentence:
      unknown === facts.bookmarks.length
        ? 'The age of the bookmarks cannot be checked against the oplog.'
        : 'Every bookmark is inside the oplog window.',
    details,
  };
}
