// Ready-made filters for the pipelines the seed material writes most (operation types, a field that
// changed, an order-total threshold, one tenant, hiding heartbeat-only updates), as editable text.

export interface PipelinePreset {
  id: string;
  title: string;
  description: string;
  /** Shell-syntax pipeline text, ready for the editor. */
  text: string;
  /** Watch options the filter relies on, to offer alongside. */
  needs?: { fullDocument?: 'updateLookup' | 'whenAvailable' };
}

export const PIPELINE_PRESETS: readonly PipelinePreset[] = [
  {
    id: 'operationTypes',
    title: 'Only some operation types',
    description: 'Keep inserts, updates, replaces and deletes; drop DDL and invalidate noise.',
    text: `[
  { $match: { operationType: { $in: ['insert', 'update', 'replace', 'delete'] } } }
]`,
  },
  {
    id: 'fieldChanged',
    title: 'A field changed',
    description: 'Updates that set the status field (new inserts too).',
    text: `[
  {
    $match: {
      $or: [
        { operationType: 'insert' },
        { 'updateDescription.updatedFields.status': { $exists: true } }
      ]
    }
  }
]`,
  },
  {
    id: 'orderTotalThreshold',
    title: 'Order total over a threshold',
    description: 'Orders of 1000 or more; updates need fullDocument: updateLookup to carry the total.',
    text: `[
  {
    $match: {
      operationType: { $in: ['insert', 'update', 'replace'] },
      'fullDocument.total': { $gte: 1000 }
    }
  }
]`,
    needs: { fullDocument: 'updateLookup' },
  },
  {
    id: 'tenant',
    title: 'One tenant',
    description: 'Events of one tenant in a multi-tenant collection (edit the id).',
    text: `[
  { $match: { 'fullDocument.tenant_id': 'tenant-a' } }
]`,
    needs: { fullDocument: 'updateLookup' },
  },
  {
    id: 'hideHeartbeats',
    title: 'Hide heartbeat updates',
    description: 'Drop updates that only touch a timestamp field (updatedAt, lastSeen, heartbeatAt).',
    text: `[
  // An update is a heartbeat when it removes nothing and sets only these fields.
  {
    $match: {
      $expr: {
        $not: [
          {
            $and: [
              { $eq: ['$operationType', 'update'] },
              { $eq: [{ $size: { $ifNull: ['$updateDescription.removedFields', []] } }, 0] },
              {
                $setIsSubset: [
                  { $map: { input: { $objectToArray: '$updateDescription.updatedFields' }, in: '$$this.k' } },
                  ['updatedAt', 'lastSeen', 'heartbeatAt']
                ]
              }
            ]
          }
        ]
      }
    }
  }
]`,
  },
];
