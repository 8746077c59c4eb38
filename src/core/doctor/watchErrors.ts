// Which doctor check explains a watch failure: the panel's banner links there instead of a raw message.
import type { WatchErrorCode } from '../watch/errorRules';
import type { CheckId } from './model';

const CHECK_FOR: Partial<Record<WatchErrorCode, CheckId>> = {
  NOT_REPLICA_SET: 'topology',
  IMAGE_MISSING: 'images',
  HISTORY_LOST: 'oplogWindow',
  UNAUTHORIZED: 'privileges',
  PIPELINE_REFUSED: 'version',
};

export function doctorCheckFor(code: WatchErrorCode): CheckId | undefined {
  return CHECK_FOR[code];
}
