/** A command whose work fails outside any await (`throw` or `reject`, from argv[2]), run through the real process edge. */
import { runCommand } from '../../scripts/lib/cli/command.js';

const how = process.argv[2];
await runCommand({
  usage: 'usage: crashing-command throw|reject',
  parse: () => ({ help: false }),
  run: async () => {
    const failure = new Error('the timer failed', { cause: new Error('deep down') });
    setTimeout(() => {
      if (how === 'throw') throw failure;
      void Promise.reject(failure);
    }, 10);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    console.log('ran on after the failure');
    return 0;
  },
});
