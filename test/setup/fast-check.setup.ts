import fc from 'fast-check';
import { beforeEach, inject } from 'vitest';
import { replayHint } from './property-seed.js';

const seed = inject('propertySeed');
fc.configureGlobal({ seed });

// fast-check's own message names the seed and the path of a failure; this adds how to replay it.
beforeEach(({ onTestFailed }) => {
  onTestFailed(({ task }) => {
    if (task.result?.errors?.some((error) => String(error.message).includes('Property failed'))) {
      console.error(`${task.name}: a property failed with fast-check seed ${seed}. To replay: ${replayHint(seed)}`);
    }
  });
});
