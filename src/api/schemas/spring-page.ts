/** A Spring Data page, as Plus admin clients read it (tasks and accounts alike). */
import { Type, type TSchema } from '@sinclair/typebox';

export const springPageSchema = <T extends TSchema>(content: T) => Type.Object({
  content,
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
  number: Type.Integer({ description: 'this page, 0-based' }),
  size: Type.Integer(),
  first: Type.Boolean(),
  last: Type.Boolean(),
  empty: Type.Boolean(),
});
