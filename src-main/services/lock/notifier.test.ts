import { describe, expect, it } from 'vitest';
import { lockAwareNotifier, RecordingNotifier } from './notifier.js';

describe('lockAwareNotifier', () => {
  it('passes a notification on while unlocked and names nothing while locked', () => {
    const recorder = new RecordingNotifier();
    let locked = false;
    const notifier = lockAwareNotifier(recorder, () => locked);
    notifier.notify({ title: 'deploy-bot', body: 'Token ci expires tomorrow' });
    locked = true;
    notifier.notify({ title: 'deploy-bot', body: 'Token ci expires tomorrow' });
    expect(recorder.sent[0]).toEqual({ title: 'deploy-bot', body: 'Token ci expires tomorrow' });
    expect(JSON.stringify(recorder.sent[1])).not.toMatch(/deploy-bot|expires/);
  });
});
