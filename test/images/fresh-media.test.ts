import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiscordMediaUrls } from '../../src/images/discord-media.js';
import { TaskMediaFreshness } from '../../src/images/fresh-media.js';
import type { UrlRefresher } from '../../src/images/url-refresh.js';

test('an answer that mentions no Discord media is searched once, however often it is polled; one that does is looked at every time', async () => {
  const discord = new DiscordMediaUrls();
  let searches = 0;
  const search = discord.mayMention.bind(discord);
  discord.mayMention = (text) => {
    searches++;
    return search(text);
  };
  let refreshes = 0;
  const refresher = { refreshAll: async () => { refreshes++; return new Map<string, string>(); } } as unknown as UrlRefresher;
  const freshness = new TaskMediaFreshness(discord, refresher, { get: async () => undefined, commit: async () => undefined });
  const hosted = Buffer.from(JSON.stringify({ id: '1', imageUrl: 'http://mj.example/images/1.png' }));
  const expired = 'https://cdn.discordapp.com/attachments/1/2/grid.png?ex=1&is=0&hm=ab';
  const onDiscord = Buffer.from(JSON.stringify({ id: '2', imageUrl: expired, imageUrls: [], buttons: [], properties: {} }));
  for (let poll = 0; poll < 3; poll++) {
    const answers = await freshness.freshenJsons([hosted, onDiscord]);
    assert.equal(answers[0], hosted, 'goes out as it is');
    assert.equal(answers.length, 2);
  }
  assert.equal(searches, 1 + 3, 'the hosted answer once, the Discord one at each poll');
  assert.equal(refreshes, 3, 'the expired link is asked to be refreshed at each poll');
});
