/** Which Discord application a task's botType talks to. */
import {
  INSIGHT_FACE_APPLICATION_ID,
  MIDJOURNEY_APPLICATION_ID,
  NIJI_APPLICATION_ID,
} from '../discord/protocol/index.js';

export type BotName = 'MID_JOURNEY' | 'NIJI_JOURNEY' | 'INSIGHT_FACE';

const APPLICATION_IDS: Record<BotName, string> = {
  MID_JOURNEY: MIDJOURNEY_APPLICATION_ID,
  NIJI_JOURNEY: NIJI_APPLICATION_ID,
  INSIGHT_FACE: INSIGHT_FACE_APPLICATION_ID,
};

export const applicationIdOf = (bot: BotName): string => APPLICATION_IDS[bot];

export const BOT_APPLICATION_IDS: ReadonlySet<string> = new Set(Object.values(APPLICATION_IDS));

export function botNameOf(applicationId: string): BotName | undefined {
  return (Object.keys(APPLICATION_IDS) as BotName[]).find((bot) => APPLICATION_IDS[bot] === applicationId);
}
