/**
 * Application command ids and versions, discovered from Discord's command index instead of hard-coded
 * (the predecessors broke every time Midjourney bumped a version). Grouped per application id.
 */
import { silentLogger, type Logger } from '../../lib/logger.js';
import type { ApplicationCommand, ApplicationCommandIndex, InteractionRequest } from '../protocol/index.js';
import type { CommandIndexScope } from './discord-rest.js';
import { DiscordApiError } from './errors.js';

/** The part of DiscordRest the catalog needs. */
export interface CommandTransport {
  getCommandIndex(scope: CommandIndexScope): Promise<ApplicationCommandIndex>;
  interact(payload: InteractionRequest): Promise<void>;
}

export class UnknownCommandError extends Error {
  constructor(readonly applicationId: string, readonly commandName: string) {
    super(`application ${applicationId} has no command "${commandName}" in this channel's command index`);
    this.name = 'UnknownCommandError';
  }
}

export class CommandCatalog {
  /** application id → command name → command */
  private byApplication = new Map<string, Map<string, ApplicationCommand>>();
  private loaded = false;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly rest: CommandTransport,
    private readonly scope: CommandIndexScope,
    private readonly logger: Logger = silentLogger,
  ) {}

  /** Fetches the index again; concurrent callers share one request. */
  refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  get(applicationId: string, name: string): ApplicationCommand | undefined {
    return this.byApplication.get(applicationId)?.get(name);
  }

  /** Application ids that have at least one command here. */
  applicationIds(): string[] {
    return [...this.byApplication.keys()];
  }

  /** The command, loading the index first if needed and once more if the command is missing (it may be new). */
  async require(applicationId: string, name: string): Promise<ApplicationCommand> {
    if (!this.loaded) await this.refresh();
    let command = this.get(applicationId, name);
    if (!command) {
      await this.refresh();
      command = this.get(applicationId, name);
    }
    if (!command) throw new UnknownCommandError(applicationId, name);
    return command;
  }

  /**
   * Builds the interaction from the current command and sends it. If Discord says the id/version is stale,
   * refreshes the index and sends once more; `build` then runs twice, so keep its nonce stable.
   */
  async sendCommand(
    applicationId: string,
    name: string,
    build: (command: ApplicationCommand) => InteractionRequest,
  ): Promise<void> {
    const command = await this.require(applicationId, name);
    try {
      await this.rest.interact(build(command));
    } catch (error) {
      if (!(error instanceof DiscordApiError) || !error.isInvalidCommandVersion()) throw error;
      this.logger.info({ applicationId, name, version: command.version }, 'command version is stale, refreshing the command index');
      await this.refresh();
      const fresh = this.get(applicationId, name);
      if (!fresh) throw new UnknownCommandError(applicationId, name);
      await this.rest.interact(build(fresh));
    }
  }

  private async load(): Promise<void> {
    const index = await this.rest.getCommandIndex(this.scope);
    const byApplication = new Map<string, Map<string, ApplicationCommand>>();
    for (const command of index.application_commands) {
      const commands = byApplication.get(command.application_id) ?? new Map<string, ApplicationCommand>();
      commands.set(command.name, command);
      byApplication.set(command.application_id, commands);
    }
    this.byApplication = byApplication;
    this.loaded = true;
    this.logger.debug({ applications: byApplication.size, commands: index.application_commands.length }, 'command index loaded');
  }
}
