/** A batch's progress (reviews done of total, elapsed time) on a terminal; nothing at all when output is not one. */
interface Progress {
  /** prints one line of the build's output, above the progress line */
  print(line: string): void;
  tick(): void;
  done(): void;
}

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stdout): Progress {
  const live = stream.isTTY === true && total > 1;
  const started = performance.now();
  let count = 0;
  const clear = () => live && stream.write('\r\x1b[K');
  const draw = () => live && stream.write(`rendering ${count}/${total}  ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const timer = live ? setInterval(() => (clear(), draw()), 500).unref() : undefined;
  draw();
  return {
    print(line) {
      clear();
      console.log(line);
      draw();
    },
    tick() {
      count++;
      clear();
      draw();
    },
    done() {
      clearInterval(timer);
      clear();
    },
  };
}
