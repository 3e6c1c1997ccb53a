/** Reading slash-command options and their attachments (DISCORD.md §2.3). */
import type { ApplicationCommandData, CommandOption } from '../../discord/protocol/index.js';
import type { SimWorld, StoredFile } from '../contracts.js';

export function optionValue(options: readonly CommandOption[] | undefined, name: string): string | number | boolean | undefined {
  return options?.find((option) => option.name === name)?.value;
}

export function optionText(options: readonly CommandOption[] | undefined, name: string): string {
  const value = optionValue(options, name);
  return value === undefined ? '' : String(value);
}

/** The uploaded file an attachment option points at (its value is the attachment's id, number or string). */
export function attachedFile(world: SimWorld, data: ApplicationCommandData, name: string): StoredFile | undefined {
  const value = optionValue(data.options, name);
  if (value === undefined) return undefined;
  const reference = data.attachments?.find((attachment) => String(attachment.id) === String(value));
  return reference ? world.readUpload(reference.uploaded_filename) : undefined;
}
