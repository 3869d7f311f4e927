/**
 * The checks behind a story's media, without a hub: how long a video is by its own container,
 * what counts as captions, which video addresses may be shown, and reading an upload.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { captionsFor, tinyMp4, tinyWebm } from './stories.fixtures.ts';
import { checkCaptions, checkVideo, embedUrl, mp4Duration, normaliseHost, parseMultipartBuffer, parseVideoAddress, watchUrl, webmDuration } from './stories.media.ts';

function box(type: string, content: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(content.length + 8);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, content]);
}

describe('how long a video is', () => {
  test('an MP4 says so in its movie header, in version 0 and version 1, before or after the media data', () => {
    assert.equal(mp4Duration(tinyMp4(42)), 42);
    const v1 = Buffer.alloc(112);
    v1[0] = 1;
    v1.writeUInt32BE(600, 20);
    v1.writeBigUInt64BE(600n * 95n, 24);
    const file = Buffer.concat([box('ftyp', Buffer.from('isom\0\0\0\0isom')), box('mdat', Buffer.alloc(100)), box('moov', box('mvhd', v1))]);
    assert.equal(mp4Duration(file), 95);
  });

  test('a fragmented MP4 gives it in its extends header', () => {
    const mvhd = Buffer.alloc(100);
    mvhd.writeUInt32BE(1000, 12);
    const mehd = Buffer.alloc(8);
    mehd.writeUInt32BE(61_500, 4);
    const file = Buffer.concat([box('ftyp', Buffer.from('isom\0\0\0\0isom')), box('moov', Buffer.concat([box('mvhd', mvhd), box('mvex', box('mehd', mehd))]))]);
    assert.equal(mp4Duration(file), 61.5);
  });

  test('an MP4 without a readable header has no length', () => {
    assert.equal(mp4Duration(box('ftyp', Buffer.from('isom\0\0\0\0isom'))), null);
    assert.equal(mp4Duration(Buffer.from('not a video at all')), null);
    const broken = tinyMp4(5);
    broken.writeUInt32BE(0xfffffff0, 32); // the moov box claims more bytes than the file has
    assert.equal(mp4Duration(broken), null);
  });

  test('a WebM gives it in its segment info, or by its last block when a recorder left that out', () => {
    assert.equal(webmDuration(tinyWebm(17.5)), 17.5);
    assert.equal(webmDuration(tinyWebm(140, { withDuration: false })), 140);
    assert.equal(webmDuration(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80])), null);
  });

  test('a clip is accepted up to three minutes, by its bytes and not its name', async () => {
    assert.deepEqual(await checkVideo(tinyMp4(180)), { ok: true, video: { contentType: 'video/mp4', extension: 'mp4', durationSeconds: 180 } });
    assert.deepEqual(await checkVideo(tinyMp4(181)), { ok: false, error: 'stories.clip.video.tooLong' });
    assert.deepEqual(await checkVideo(tinyWebm(200)), { ok: false, error: 'stories.clip.video.tooLong' });
    assert.deepEqual(await checkVideo(Buffer.from('%PDF-1.7 pretending')), { ok: false, error: 'stories.clip.video.wrongType' });
    assert.deepEqual(await checkVideo(Buffer.alloc(0)), { ok: false, error: 'stories.clip.video.missing' });
    assert.deepEqual(await checkVideo(box('ftyp', Buffer.from('isom\0\0\0\0isom'))), { ok: false, error: 'stories.clip.video.noDuration' });
  });
});

describe('captions', () => {
  test('WebVTT with at least one cue that says something', async () => {
    assert.deepEqual(await checkCaptions(captionsFor(['Hello', 'We started in 2019.'])), { ok: true, cues: 2 });
    assert.deepEqual(await checkCaptions(Buffer.from('\uFEFFWEBVTT - with a title\r\n\r\n00:01.000 --> 00:02.500 align:start\r\nHi\r\n')), { ok: true, cues: 1 });
    assert.deepEqual(await checkCaptions(Buffer.from('WEBVTT\n\n')), { ok: false, error: 'stories.clip.captions.noCues' });
    assert.deepEqual(await checkCaptions(Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\n\n')), { ok: false, error: 'stories.clip.captions.noCues' });
    assert.deepEqual(await checkCaptions(Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nAn SRT file\n')), { ok: false, error: 'stories.clip.captions.notVtt' });
    assert.deepEqual(await checkCaptions(tinyMp4(3)), { ok: false, error: 'stories.clip.captions.notVtt' });
    assert.deepEqual(await checkCaptions(Buffer.alloc(0)), { ok: false, error: 'stories.clip.captions.missing' });
  });
});

describe('videos on other sites', () => {
  const hosts = ['tube.example.org'];

  test('YouTube, Vimeo and listed PeerTube sites, kept as the site and the id only', () => {
    const cases: [string, string | null][] = [
      ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
      ['https://youtu.be/dQw4w9WgXcQ?si=tracking', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
      ['https://m.youtube.com/shorts/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
      ['https://vimeo.com/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
      ['https://player.vimeo.com/video/76979871', 'https://player.vimeo.com/video/76979871?dnt=1'],
      ['https://tube.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d', 'https://tube.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d'],
      ['https://tube.example.org/videos/watch/kkGMgK9ZtnKfYAgnEtQxbv', 'https://tube.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv'],
      ['https://other-tube.example.net/w/kkGMgK9ZtnKfYAgnEtQxbv', null],
      ['https://www.youtube.com/watch?v=short', null],
      ['https://www.youtube.com/watch?v="><script>', null],
      ['javascript:alert(1)', null],
      ['https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ', null],
      ['https://evil.example/?https://youtu.be/dQw4w9WgXcQ', null],
    ];
    for (const [address, expected] of cases) {
      const video = parseVideoAddress(address, hosts);
      assert.equal(video ? embedUrl(video) : null, expected, address);
    }
    assert.equal(watchUrl(parseVideoAddress('https://youtu.be/dQw4w9WgXcQ', hosts)!), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  });

  test('PeerTube sites as administrators type them', () => {
    assert.equal(normaliseHost('https://Tube.Example.org/'), 'tube.example.org');
    assert.equal(normaliseHost('tube.example.org'), 'tube.example.org');
    assert.equal(normaliseHost('tube.example.org/videos'), null);
    assert.equal(normaliseHost('localhost'), null);
    assert.equal(normaliseHost('https://tube.example.org:8443'), null);
    assert.equal(normaliseHost('not a host'), null);
  });
});

describe('reading an upload', () => {
  const boundary = '----test-boundary';
  const part = (headers: string, content: Buffer | string) => Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')]);

  test('fields and files, the first of each name counting, files as views of the body', () => {
    const video = tinyMp4(3);
    const body = Buffer.concat([
      part('Content-Disposition: form-data; name="title"', 'Hello ünïcode'),
      part('Content-Disposition: form-data; name="video"; filename="clip.mp4"\r\nContent-Type: video/mp4', video),
      part('Content-Disposition: form-data; name="title"', 'second'),
      part('Content-Disposition: form-data; name="captions"; filename=""\r\nContent-Type: application/octet-stream', ''),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const fields = parseMultipartBuffer(`multipart/form-data; boundary=${boundary}`, body);
    assert.equal(fields.title, 'Hello ünïcode');
    const file = fields.video as { filename: string; contentType: string; data: Buffer };
    assert.equal(file.filename, 'clip.mp4');
    assert.equal(file.contentType, 'video/mp4');
    assert.ok(file.data.equals(video));
    assert.equal(file.data.buffer, body.buffer, 'the file is not copied');
    assert.deepEqual((fields.captions as { data: Buffer }).data.length, 0);
  });

  test('a body that is not well-formed is a bad request, too many parts too large', () => {
    assert.throws(() => parseMultipartBuffer('multipart/form-data', Buffer.from('x')), { statusCode: 400 });
    assert.throws(() => parseMultipartBuffer(`multipart/form-data; boundary=${boundary}`, Buffer.from(`--${boundary}\r\nno end`)), { statusCode: 400 });
    const many = Buffer.concat([...Array.from({ length: 25 }, (_, i) => part(`Content-Disposition: form-data; name="f${i}"`, 'x')), Buffer.from(`--${boundary}--`)]);
    assert.throws(() => parseMultipartBuffer(`multipart/form-data; boundary=${boundary}`, many), { statusCode: 413 });
  });
});
