/**
 * The store's Redis key layout, every key under one prefix (`store.keyPrefix`):
 *   task:<id>            hash: task (public JSON), runtime (JSON), status, action, account, mode,
 *                        submitTime, failReason, search — the small fields let filters skip the JSON
 *   tasks                sorted set of every task id, scored by submit time
 *   status:<S>, action:<A>, account:<id>   the same, per status / action / account
 *   task-accounts        set of the account ids that have an account:<id> index
 *   accounts, runtime-config   hashes: key → JSON document
 * Lua scripts build keys from the prefix too, so the store needs a standalone Redis (not Cluster).
 */
export class RedisKeys {
  readonly allTasks: string;
  readonly accounts: string;
  readonly runtimeConfig: string;

  constructor(readonly prefix: string) {
    this.allTasks = `${prefix}tasks`;
    this.accounts = `${prefix}accounts`;
    this.runtimeConfig = `${prefix}runtime-config`;
  }

  task = (id: string): string => `${this.prefix}task:${id}`;
  status = (status: string): string => `${this.prefix}status:${status}`;
  action = (action: string): string => `${this.prefix}action:${action}`;
  account = (accountId: string): string => `${this.prefix}account:${accountId}`;
}
