// `GET /v1/sites/:site/visitors` (DESIGN §4, §11): who is connected now, across every relay instance.
import { pageSchema } from './client-frames.js';
import { forwardedContextSchema } from './context.js';
import { SHORT_MAX } from './patterns.js';
import { array, boolean, object, optional, string, type Infer } from './schema.js';
import { id, time } from './shapes.js';

/** Visitors listed per page unless `limit` says otherwise. */
export const VISITOR_LIST_DEFAULT_LIMIT = 100;
/** The most a page may hold. */
export const VISITOR_LIST_MAX_LIMIT = 1000;

/** One connected visitor as the live list shows it. */
export const listedVisitorSchema = object({
  id: id(),
  verified: boolean(),
  userId: optional(string({ max: SHORT_MAX })),
  name: optional(string({ max: SHORT_MAX })),
  page: pageSchema,
  context: optional(forwardedContextSchema),
  /** When the visitor's oldest open socket connected. */
  connectedAt: time(),
});
export type ListedVisitor = Infer<typeof listedVisitorSchema>;

/** The answer: one page of visitors, the cursor of the next, and the instances that did not answer in time. */
export const visitorListSchema = object({
  visitors: array(listedVisitorSchema),
  next: optional(string()),
  missing: optional(array(string())),
});
export type VisitorList = Infer<typeof visitorListSchema>;
