/** The live block of an account (docs/admin-api.md): in the account admin answers and in /mj/health. */
import { Type } from '@sinclair/typebox';

const MODES = ['FAST', 'RELAX', 'TURBO'];
const ModeCounts = Type.Object({ FAST: Type.Integer(), RELAX: Type.Integer(), TURBO: Type.Integer() });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const InfoSchema = Type.Object({
  subscription: nullable(Type.String()), jobMode: nullable(Type.String()), fastTimeRemaining: nullable(Type.String()),
  fastHoursLeft: Type.Union([Type.Number(), Type.Null()]), relaxedUsage: nullable(Type.String()), lifetimeUsage: nullable(Type.String()),
  queuedJobsFast: Type.Union([Type.Integer(), Type.Null()]), queuedJobsRelax: Type.Union([Type.Integer(), Type.Null()]),
  runningJobs: Type.Union([Type.Integer(), Type.Null()]), updatedAt: Type.Union([Type.Integer(), Type.Null()]),
}, { additionalProperties: true });

export const AccountLiveSchema = Type.Object({
  connection: Type.String({ description: 'connecting | ready | resuming | backing-off | stopped | disabled' }),
  running: Type.Integer(),
  waiting: Type.Integer(),
  today: ModeCounts,
  total: ModeCounts,
  jobMode: Type.String({ enum: MODES, description: 'the mode Midjourney runs the account in now' }),
  info: Type.Union([InfoSchema, Type.Null()], { description: 'the last /info' }),
  settings: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'the last /settings' }),
});

