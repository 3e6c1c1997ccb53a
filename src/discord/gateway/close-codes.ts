/** The one table from a gateway close code to what the connection does next (DISCORD.md §1.7). */
import { GatewayCloseCode } from '../protocol/index.js';

export enum CloseAction {
  /** Reconnect and resume the session (replaying missed dispatches) when there is one. */
  Resume = 'resume',
  /** The session is gone: reconnect and identify afresh. */
  Identify = 'identify',
  /** Reconnecting cannot help (bad token, invalid gateway parameters): stop the account. */
  Stop = 'stop',
}

const ACTIONS = new Map<number, CloseAction>([
  [GatewayCloseCode.NotAuthenticated, CloseAction.Identify],
  [GatewayCloseCode.AuthenticationFailed, CloseAction.Stop],
  [GatewayCloseCode.AlreadyAuthenticated, CloseAction.Identify],
  [GatewayCloseCode.InvalidSeq, CloseAction.Identify],
  [GatewayCloseCode.SessionTimedOut, CloseAction.Identify],
  [GatewayCloseCode.InvalidShard, CloseAction.Stop],
  [GatewayCloseCode.ShardingRequired, CloseAction.Stop],
  [GatewayCloseCode.InvalidApiVersion, CloseAction.Stop],
  [GatewayCloseCode.InvalidIntents, CloseAction.Stop],
  [GatewayCloseCode.DisallowedIntents, CloseAction.Stop],
]);

/** Every code not in the table (4000, 4008, network drops, no code at all) keeps the session and resumes. */
export function closeAction(code: number | undefined): CloseAction {
  return (code === undefined ? undefined : ACTIONS.get(code)) ?? CloseAction.Resume;
}
