import { describe, expect, it } from 'vitest';
import { splitArgs, splitImageList } from './image-lists.js';

describe('splitImageList', () => {
  it.each([
    ['one reference', 'quay.io/a/b:v1', ['quay.io/a/b:v1']],
    ['Strimzi version=image lines', '3.6.0=quay.io/s/kafka:1\n3.7.0=quay.io/s/kafka:2\n', ['quay.io/s/kafka:1', 'quay.io/s/kafka:2']],
    ['comma and space lists', 'a:1, b:2 c:3', ['a:1', 'b:2', 'c:3']],
    ['JSON map values', '{"x": "a:1", "y": ["b:2"]}', ['a:1', 'b:2']],
    ['quoted tokens', '"a:1" \'b:2\'', ['a:1', 'b:2']],
  ])('%s', (_name, value, refs) => expect(splitImageList(value)).toEqual(refs));
});

describe('splitArgs', () => {
  it.each([
    ['--flag=value', ['--image=a:1'], [{ flag: 'image', value: 'a:1', index: 0 }]],
    ['--flag value (next entry)', ['--executor-image', 'a:1'], [{ flag: 'executor-image', value: 'a:1', index: 1 }]],
    ['a boolean flag before another flag takes no value', ['--debug', '--v=2'], [{ flag: 'v', value: '2', index: 1 }]],
    [
      'shell strings are split on blanks',
      ['sh', '-c', 'run --img b:2 c'],
      [
        { value: 'sh', index: 0 },
        { flag: 'c', value: 'run', index: 2 },
        { flag: 'img', value: 'b:2', index: 2 },
        { value: 'c', index: 2 },
      ],
    ],
  ])('%s', (_name, argv, out) => expect(splitArgs(argv)).toEqual(out));
});
