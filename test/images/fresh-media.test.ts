import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiscordMediaUrls } from '../../src/images/discord-media.js';
import { TaskMediaFreshness } from '../../src/images/fresh-media.js';
import type { UrlRefresher } from '../../src/images/url-refresh.js';

/** Freshness over Discord links that counts its searches of an answer and its asks for refreshed links (none is given). */
function countingFreshness(hosting?: ConstructorParameters<typeof TaskMediaFreshness>[3]) {
  const counts = { searches: 0, refreshes: 0 };
  const discord = new DiscordMediaUrls();
  const search = discord.mayMention.bind(discord);
  discord.mayMention = (text) => {
    counts.searches++;
    return search(text);
  };
  const refresher = { refreshAll: async () => { counts.refreshes++; return new Map<string, string>(); } } as unknown as UrlRefresher;
  const freshness = new TaskMediaFreshness(discord, refresher, { get: async () => undefined, commit: async () => undefined }, hosting);
  return { freshness, counts };
}

test('an answer that mentions no Discord media is searched once, however often it is polled; one that does is looked at every time', async () => {
  const { freshness, counts } = countingFreshness();
  const hosted = Buffer.from(JSON.stringify({ id: '1', imageUrl: 'http://mj.example/images/1.png' }));
  const expired = 'https://cdn.discordapp.com/attachments/1/2/grid.png?ex=1&is=0&hm=ab';
  const onDiscord = Buffer.from(JSON.stringify({ id: '2', imageUrl: expired, imageUrls: [], buttons: [], properties: {} }));
  for (let poll = 0; poll < 3; poll++) {
    const answers = await freshness.freshenJsons([hosted, onDiscord]);
    assert.equal(answers[0], hosted, 'goes out as it is');
    assert.equal(answers.length, 2);
  }
  assert.equal(counts.searches, 1 + 3, 'the hosted answer once, the Discord one at each poll');
  assert.equal(counts.refreshes, 3, 'the expired link is asked to be refreshed at each poll');
});

test('a task in flight whose Discord links are still good goes out as stored, and is not looked at again until the first link needs a refresh', async () => {
  let now = 1_000_000_000;
  const realNow = Date.now;
  Date.now = () => now;
  try {
    const { freshness, counts } = countingFreshness();
    const hex = (ms: number) => Math.floor(ms / 1000).toString(16);
    // Signed for an hour: refreshed a minute before it dies.
    const link = `https://cdn.discordapp.com/attachments/1/2/progress.webp?ex=${hex(now + 3_600_000)}&is=${hex(now)}&hm=ab`;
    const inFlight = Buffer.from(JSON.stringify({ id: '3', status: 'IN_PROGRESS', imageUrl: link, imageUrls: [], buttons: [], properties: {} }));
    const finished = Buffer.from(JSON.stringify({ id: '4', status: 'SUCCESS', imageUrl: link, imageUrls: [], buttons: [], properties: {} }));
    for (let poll = 0; poll < 3; poll++) {
      const answers = await freshness.freshenJsons([inFlight, finished]);
      assert.equal(answers[0], inFlight, 'the stored bytes, not written anew');
      assert.equal(answers[1], finished);
    }
    assert.equal(counts.searches, 1 + 1, 'each once (no re-hosting here, so none can be due for the finished one)');
    assert.equal(counts.refreshes, 0);
    now += 3_600_000 - 59_000;
    await freshness.freshenJsons([inFlight]);
    assert.equal(counts.refreshes, 1, 'within a minute of its end the link is refreshed');
  } finally {
    Date.now = realNow;
  }
});

test('a finished task with Discord media is looked at again only when its re-hosting is not under way, or a link needs a refresh', async () => {
  let now = 1_000_000_000;
  const realNow = Date.now;
  Date.now = () => now;
  try {
    const reads: string[] = [];
    let handling = false;
    const { freshness, counts } = countingFreshness({ onTaskRead: (task) => reads.push(task.id), isHandling: () => handling });
    const hex = (ms: number) => Math.floor(ms / 1000).toString(16);
    const link = `https://cdn.discordapp.com/attachments/1/2/grid.png?ex=${hex(now + 3_600_000)}&is=${hex(now)}&hm=ab`;
    const finished = Buffer.from(JSON.stringify({ id: '5', status: 'SUCCESS', imageUrl: link, imageUrls: [], buttons: [], properties: {} }));
    await freshness.freshenJsons([finished]);
    handling = true;
    for (let poll = 0; poll < 3; poll++) assert.equal((await freshness.freshenJsons([finished]))[0], finished);
    assert.equal(freshness.goesOutAsIs(finished), true, 'a fetch answers it at once');
    assert.deepEqual(reads, ['5'], 'read for hosting once; then its re-hosting is under way');
    handling = false;
    await freshness.freshenJsons([finished]);
    assert.deepEqual(reads, ['5', '5'], 'no job any more (the attempt failed, its retry is due): read for another attempt');
    handling = true;
    now += 3_600_000 - 59_000;
    await freshness.freshenJsons([finished]);
    assert.equal(counts.refreshes, 1, 'within a minute of its end the link is refreshed, re-hosting or not');
  } finally {
    Date.now = realNow;
  }
});
