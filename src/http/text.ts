import { z } from 'zod';
import { isStorableJson, isStorableText } from '../db/storable.js';

const UNSTORABLE = 'must not contain the NUL character or unpaired surrogates';

/** A string PostgreSQL can store: anything else is a 400 naming the field, never a 500. */
export const storableString = () => z.string().refine(isStorableText, UNSTORABLE);

/** A JSON object whose every key and string PostgreSQL can store. */
export const storableObject = () => z.record(z.string(), z.unknown()).refine(isStorableJson, UNSTORABLE);
