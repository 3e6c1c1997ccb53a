/** Friendly names for the generated API types (schema.ts), and the protocol's codes as values. */
import type { paths } from './schema.js';

type JsonBody<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Post<P extends keyof paths> = paths[P] extends { post: infer Operation } ? Operation : never;

/** Every POST route that answers a submit answer. */
export type SubmitPath = Extract<keyof paths, `/mj/submit/${string}` | `/mj/insight-face/${string}`>;

export type RequestOf<P extends SubmitPath> = JsonBody<NonNullable<Post<P> extends { requestBody?: infer Body } ? Body : never>>;
export type AnswerOf<P extends SubmitPath> = JsonBody<Post<P> extends { responses: { 200: infer Ok } } ? Ok : never>;

export type Task = JsonBody<paths['/mj/task/{id}/fetch']['get']['responses'][200]>;
export type TaskStatus = Task['status'];
export type SubmitAnswer = AnswerOf<'/mj/submit/imagine'>;
export type ImagineRequest = RequestOf<'/mj/submit/imagine'>;
export type ActionRequest = RequestOf<'/mj/submit/action'>;
/** The submit codes the API answers with (SPEC §4). */
export type SubmitCode = SubmitAnswer['code'];
/** Error answers: `{"code":n,"description":"..."}` with an HTTP status. */
export type ErrorBody = JsonBody<paths['/mj/task/{id}/fetch']['get']['responses']['4XX']>;

export const SubmitCodes = {
  /** Submitted; `result` is the task id. */
  Submitted: 1,
  /** The referenced task does not exist, or no account matches. */
  NotFound: 3,
  /** A field is missing or invalid; the description names it. */
  Invalid: 4,
  /** System error. */
  Failure: 9,
  /** The task waits for /mj/submit/modal. */
  NeedsModal: 21,
  /** Accepted and queued behind others. */
  Queued: 22,
  /** The queue is full: try later. */
  QueueFull: 23,
  /** The prompt may contain a banned word. */
  Banned: 24,
} as const satisfies Record<string, SubmitCode>;

/** The codes under which the task exists and will run (or waits for its modal). */
export const ACCEPTED_CODES: ReadonlySet<SubmitCode> = new Set<SubmitCode>([SubmitCodes.Submitted, SubmitCodes.NeedsModal, SubmitCodes.Queued]);

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set<TaskStatus>(['SUCCESS', 'FAILURE', 'CANCEL']);
