// Collection validators as mongod applies them: `validator` (a query, $jsonSchema included),
// `validationLevel` strict/moderate/off, `validationAction` error/warn; a failing write is 121.
import { CommandError } from '../base/errors';
import { type Doc, isPlainObject } from '../base/values';
import { compileFilter, type Predicate } from './match';

export type Validate = (doc: Doc, before?: Doc) => void;

const compiled = new WeakMap<Doc, Predicate>();

/** The check for a collection's options, or undefined when writes are not validated. */
export function validatorFor(options: Doc): Validate | undefined {
  const validator = options.validator;
  if (!isPlainObject(validator) || Object.keys(validator).length === 0) return undefined;
  if (options.validationLevel === 'off' || options.validationAction === 'warn') return undefined;
  let test = compiled.get(validator);
  if (!test) {
    test = compileFilter(validator);
    compiled.set(validator, test);
  }
  const moderate = options.validationLevel === 'moderate';
  const pass = test;
  return (doc, before) => {
    // moderate: updates to documents that already fail the validator are not checked.
    if (moderate && before !== undefined && !pass(before)) return;
    if (!pass(doc))
      throw new CommandError(121, 'Document failed validation', undefined, {
        errInfo: { failingDocumentId: doc._id, details: { operatorName: Object.keys(validator)[0] } },
      });
  };
}

/** Checks validator options at create/collMod so a bad one fails there, as in mongod. */
export function checkValidatorOptions(options: Doc): void {
  if (options.validationLevel !== undefined && !['off', 'strict', 'moderate'].includes(String(options.validationLevel)))
    throw new CommandError(
      2,
      `Enumeration value '${String(options.validationLevel)}' for field 'validationLevel' is not a valid value.`,
    );
  if (
    options.validationAction !== undefined &&
    !['error', 'warn', 'errorAndLog'].includes(String(options.validationAction))
  )
    throw new CommandError(
      2,
      `Enumeration value '${String(options.validationAction)}' for field 'validationAction' is not a valid value.`,
    );
  if (options.validator !== undefined) {
    if (!isPlainObject(options.validator)) throw new CommandError(14, "'validator' must be an object");
    compileFilter(options.validator);
  }
}
