/**
 * The simulated InsightFaceSwap bot (app 1090660574196674713). Commands as the real bot names them
 * (deepinsight/insightface web-demos/swapping_discord README; ids from a public client):
 * - `/saveid idname:<1–10 letters/digits> image:<attachment>` → a reply "idname <name> created".
 * - `/swapid idname:<name[,name…]> image:<attachment>` → deferred reply (flags 128, nonce), edited
 *   into `<@user>` with the swapped picture `<idname>_<uuid>.png` (the saved face pasted on the target).
 * Reply texts are [inf]: no capture of the real bot's messages was found.
 */
import { randomUUID } from 'node:crypto';
import {
  INSIGHT_FACE_APPLICATION_ID,
  InteractionType,
  INVALID_COMMAND_ERROR,
  MessageFlags,
  type CommandInteractionRequest,
} from '../../discord/protocol/index.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import type { InteractionVerdict, NewMessage, ReceivedInteraction, SimBot, SimWorld, StoredFile } from '../contracts.js';
import { INSIGHT_FACE_BOT_USER } from '../known-bots.js';
import { attachedFile, optionText } from './command-options.js';
import { insightFaceCommands } from './commands.js';
import type { Origin } from './context.js';
import { swapFace } from './images.js';
import { answerFields, originOf } from './responder.js';
import { ACK_MS, DEFERRED_ANSWER_MS, scaled, sleep } from './timing.js';
import { invalidForm } from './verdicts.js';

const IDNAME = /^[A-Za-z0-9]{1,10}$/;
const MAX_IDNAMES = 20;
/** `_` in an idname list means "leave this face alone". */
const SKIP = '_';

export function createInsightFaceBot(world: SimWorld, options: { logger?: Logger } = {}): SimBot {
  const logger = options.logger ?? createLogger('warn');
  const commands = insightFaceCommands(INSIGHT_FACE_APPLICATION_ID);
  const faces = new Map<string, Map<string, Buffer>>();
  const facesOf = (userId: string) => {
    let saved = faces.get(userId);
    if (!saved) faces.set(userId, (saved = new Map()));
    return saved;
  };
  const post = (origin: Origin, body: Partial<NewMessage>, ephemeral = false) =>
    world.createMessage({ ...answerFields(INSIGHT_FACE_APPLICATION_ID, origin, ephemeral), ...body });
  const afterAck = (origin: Origin, then: () => void) =>
    world.later(scaled(world, ACK_MS), () => {
      world.interactionSucceeded(origin.interaction);
      then();
    });

  const saveId = (origin: Origin, idname: string, image: StoredFile) => afterAck(origin, () => {
    const saved = facesOf(origin.interaction.userId);
    if (!IDNAME.test(idname)) {
      post(origin, { content: 'Invalid idname: use 1 to 10 letters or digits.' }, true);
    } else if (!saved.has(idname) && saved.size >= MAX_IDNAMES) {
      post(origin, { content: `You can save at most ${MAX_IDNAMES} idnames. Delete one with /delid first.` }, true);
    } else {
      saved.set(idname, image.bytes);
      post(origin, { content: `idname ${idname} created` });
    }
  });

  const swapId = (origin: Origin, idnames: string, target: StoredFile) => afterAck(origin, () => {
    const thinking = post(origin, { flags: MessageFlags.Loading });
    const finish = (body: Partial<NewMessage>) => world.updateMessage(thinking.channel_id, thinking.id, { flags: 0, ...body });
    (async () => {
      await sleep(world, scaled(world, DEFERRED_ANSWER_MS));
      const names = idnames.split(',').map((name) => name.trim()).filter((name) => name.length > 0 && name !== SKIP);
      const saved = facesOf(origin.interaction.userId);
      const missing = names.find((name) => !saved.has(name));
      const face = saved.get(names[0] ?? '');
      if (missing !== undefined || !face) {
        finish({ content: `idname \`${missing ?? idnames}\` not found. Save it with /saveid first.` });
        return;
      }
      try {
        const swapped = await swapFace(target.bytes, face);
        const file = { bytes: swapped.bytes, filename: `${names.join('_')}_${randomUUID()}.png`, contentType: swapped.contentType };
        const attachment = world.storeFile(thinking.channel_id, file, { width: swapped.width, height: swapped.height });
        finish({ content: `<@${origin.interaction.userId}>`, attachments: [attachment] });
      } catch {
        finish({ content: 'No face could be found in the target image.' });
      }
    })().catch((error: unknown) => logger.warn({ err: error }, 'simulated InsightFace swap failed'));
  });

  return {
    applicationId: INSIGHT_FACE_APPLICATION_ID,
    user: structuredClone(INSIGHT_FACE_BOT_USER),
    commands,
    handleInteraction(interaction: ReceivedInteraction): InteractionVerdict {
      if (interaction.request.type !== InteractionType.ApplicationCommand) return invalidForm('type', 'INTERACTION_TYPE_INVALID', 'InsightFaceSwap has no components');
      const { data } = interaction.request as CommandInteractionRequest;
      if (!commands.some((command) => command.id === data.id && command.name === data.name)) {
        return invalidForm('data', INVALID_COMMAND_ERROR, 'Unknown application command');
      }
      const image = attachedFile(world, data, 'image');
      const idname = optionText(data.options, 'idname').trim();
      if (!image || idname === '') return invalidForm('options', 'BASE_TYPE_REQUIRED', 'idname and image are required');
      const origin = originOf(interaction, data.name);
      if (data.name === 'saveid') saveId(origin, idname, image);
      else swapId(origin, idname, image);
      return { ok: true };
    },
  };
}
