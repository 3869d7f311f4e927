import { z } from 'zod';
import { form } from '../../web/forms.ts';

export const tokenNameMax = 100;

export const createTokenForm = z.object({ name: form.text(tokenNameMax, 'tokens.name.required') });

/** Token ids in addresses: digits only, so anything else is a plain 404 rather than a database error. */
export function tokenId(value: string): number | undefined {
  if (!/^[0-9]{1,15}$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}
