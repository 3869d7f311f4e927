import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { VideoProvider } from '../../db/schema.ts';
import { randomToken } from '../../web/auth.ts';
import { isPlainText } from '../exchange/pitches.files.ts';

/**
 * The media of a story: a short clip (an uploaded video with its captions, or a video on an
 * allowed site), photos and the files behind them. Every uploaded file is judged by its bytes,
 * never by its name or the browser's say-so; stored under `uploads/stories/` with a random name;
 * and served only by a route that asks, on every request, whether the viewer may see the story.
 */

/** The largest video accepted: a three-minute clip from a phone fits; a film does not. */
export const videoLimitBytes = 50 * 1024 * 1024;
export const captionsLimitBytes = 512 * 1024;
/** A whole video upload: the video, its captions, the form's fields and multipart framing. */
export const videoRequestLimitBytes = videoLimitBytes + captionsLimitBytes + 256 * 1024;
/** A whole photo upload (the photo itself is checked against the pictures' own limit). */
export const photoRequestLimitBytes = 6 * 1024 * 1024;
/** Clips are short: three minutes at most. */
export const clipMaxSeconds = 180;

export type VideoError =
  | 'stories.clip.video.missing'
  | 'stories.clip.video.tooLarge'
  | 'stories.clip.video.wrongType'
  | 'stories.clip.video.noDuration'
  | 'stories.clip.video.tooLong';

export type CaptionsError = 'stories.clip.captions.missing' | 'stories.clip.captions.tooLarge' | 'stories.clip.captions.notVtt' | 'stories.clip.captions.noCues';

const videoTypes: Record<string, { extension: 'mp4' | 'webm'; duration: (data: Buffer) => number | null }> = {
  'video/mp4': { extension: 'mp4', duration: (data) => mp4Duration(data) },
  'video/webm': { extension: 'webm', duration: (data) => webmDuration(data) },
};

export interface CheckedVideo {
  contentType: 'video/mp4' | 'video/webm';
  extension: 'mp4' | 'webm';
  durationSeconds: number;
}

/** An MP4 or WebM video, as its bytes say, no longer than three minutes by its own container. */
export async function checkVideo(data: Buffer): Promise<{ ok: true; video: CheckedVideo } | { ok: false; error: VideoError }> {
  if (data.length === 0) return { ok: false, error: 'stories.clip.video.missing' };
  if (data.length > videoLimitBytes) return { ok: false, error: 'stories.clip.video.tooLarge' };
  const detected = (await fileTypeFromBuffer(data))?.mime;
  const format = detected ? videoTypes[detected] : undefined;
  if (!detected || !format) return { ok: false, error: 'stories.clip.video.wrongType' };
  const seconds = format.duration(data);
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) return { ok: false, error: 'stories.clip.video.noDuration' };
  if (seconds > clipMaxSeconds) return { ok: false, error: 'stories.clip.video.tooLong' };
  return { ok: true, video: { contentType: detected as CheckedVideo['contentType'], extension: format.extension, durationSeconds: seconds } };
}

// ---- MP4: the movie header box (moov/mvhd) says how long the film is --------------------------

interface Box {
  /** Where the box's content starts (after its header) and ends. */
  start: number;
  end: number;
}

function findBox(data: Buffer, from: number, to: number, type: string): Box | null {
  let position = from;
  while (position + 8 <= to) {
    let size = data.readUInt32BE(position);
    const name = data.toString('latin1', position + 4, position + 8);
    let header = 8;
    if (size === 1) {
      if (position + 16 > to) return null;
      const large = data.readBigUInt64BE(position + 8);
      if (large > BigInt(Number.MAX_SAFE_INTEGER)) return null;
      size = Number(large);
      header = 16;
    } else if (size === 0) {
      size = to - position;
    }
    if (size < header) return null;
    const end = position + size;
    if (name === type) return end <= to ? { start: position + header, end } : null;
    if (end > to) return null;
    position = end;
  }
  return null;
}

/** Seconds, from moov/mvhd (or, for a fragmented file, moov/mvex/mehd); null when it cannot be read. */
export function mp4Duration(data: Buffer): number | null {
  const moov = findBox(data, 0, data.length, 'moov');
  if (!moov) return null;
  const mvhd = findBox(data, moov.start, moov.end, 'mvhd');
  if (!mvhd) return null;
  const version = data[mvhd.start];
  let timescale: number;
  let duration: number;
  if (version === 1) {
    if (mvhd.start + 32 > mvhd.end) return null;
    timescale = data.readUInt32BE(mvhd.start + 20);
    const long = data.readBigUInt64BE(mvhd.start + 24);
    duration = long === 0xffffffffffffffffn ? 0 : Number(long);
  } else {
    if (mvhd.start + 20 > mvhd.end) return null;
    timescale = data.readUInt32BE(mvhd.start + 12);
    const short = data.readUInt32BE(mvhd.start + 16);
    duration = short === 0xffffffff ? 0 : short;
  }
  if (timescale === 0) return null;
  if (duration === 0) {
    // Fragmented files may leave the header's duration empty and give it in the extends header.
    const mvex = findBox(data, moov.start, moov.end, 'mvex');
    const mehd = mvex ? findBox(data, mvex.start, mvex.end, 'mehd') : null;
    if (!mehd) return null;
    const mehdVersion = data[mehd.start];
    if (mehdVersion === 1) {
      if (mehd.start + 12 > mehd.end) return null;
      duration = Number(data.readBigUInt64BE(mehd.start + 4));
    } else {
      if (mehd.start + 8 > mehd.end) return null;
      duration = data.readUInt32BE(mehd.start + 4);
    }
    if (duration === 0) return null;
  }
  return duration / timescale;
}

// ---- WebM: Segment/Info/Duration, or the last block's time when a recorder left it out ---------

const ebml = {
  segment: 0x18538067,
  info: 0x1549a966,
  cluster: 0x1f43b675,
  blockGroup: 0xa0,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  timecode: 0xe7,
  simpleBlock: 0xa3,
  block: 0xa1,
} as const;
/** Elements whose children are read; everything else is skipped by its size. */
const containers = new Set<number>([ebml.segment, ebml.info, ebml.cluster, ebml.blockGroup]);

function vintLength(first: number): number {
  for (let length = 1; length <= 8; length++) if (first & (0x80 >> (length - 1))) return length;
  return 0;
}

function readId(data: Buffer, position: number): { id: number; length: number } | null {
  const first = data[position];
  if (first === undefined) return null;
  const length = vintLength(first);
  if (length === 0 || length > 4 || position + length > data.length) return null;
  let id = 0;
  for (let i = 0; i < length; i++) id = id * 256 + data[position + i]!;
  return { id, length };
}

/** An element's size; null for "unknown" (all value bits set), as live recordings write. */
function readSize(data: Buffer, position: number): { size: number | null; length: number } | undefined {
  const first = data[position];
  if (first === undefined) return undefined;
  const length = vintLength(first);
  if (length === 0 || position + length > data.length) return undefined;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = data[position + i]!;
    value = value * 256 + byte;
    if (byte !== 0xff) allOnes = false;
  }
  return { size: allOnes ? null : value, length };
}

function readUnsigned(data: Buffer, start: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size && i < 8; i++) value = value * 256 + data[start + i]!;
  return value;
}

/** Seconds, from the Segment's Info (Duration × TimecodeScale), or from its blocks' times; null when neither can be read. */
export function webmDuration(data: Buffer): number | null {
  let scale = 1_000_000;
  let duration: number | null = null;
  let clusterTime = 0;
  let lastBlock = -1;
  let position = 0;
  for (let steps = 0; position < data.length && steps < 5_000_000; steps++) {
    const id = readId(data, position);
    if (!id) break;
    const size = readSize(data, position + id.length);
    if (!size) break;
    const start = position + id.length + size.length;
    if (containers.has(id.id)) {
      position = start;
      continue;
    }
    if (size.size === null) break;
    const end = start + size.size;
    if (end > data.length) break;
    if (id.id === ebml.timecodeScale && size.size >= 1 && size.size <= 8) scale = readUnsigned(data, start, size.size);
    else if (id.id === ebml.duration && size.size === 4) duration = data.readFloatBE(start);
    else if (id.id === ebml.duration && size.size === 8) duration = data.readDoubleBE(start);
    else if (id.id === ebml.timecode && size.size >= 1 && size.size <= 8) clusterTime = readUnsigned(data, start, size.size);
    else if ((id.id === ebml.simpleBlock || id.id === ebml.block) && size.size >= 4) {
      const track = vintLength(data[start]!);
      if (track > 0 && start + track + 2 <= end) lastBlock = Math.max(lastBlock, clusterTime + data.readInt16BE(start + track));
    }
    position = end;
  }
  if (scale <= 0) return null;
  if (duration !== null && duration > 0) return (duration * scale) / 1e9;
  return lastBlock > 0 ? (lastBlock * scale) / 1e9 : null;
}

// ---- Captions: WebVTT ------------------------------------------------------------------------

const cueTiming = /^(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}[ \t]+-->[ \t]+(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}(?:[ \t].*)?$/;

/** A WebVTT file: plain UTF-8 text starting with WEBVTT, with at least one cue that says something. */
export async function checkCaptions(data: Buffer): Promise<{ ok: true; cues: number } | { ok: false; error: CaptionsError }> {
  if (data.length === 0) return { ok: false, error: 'stories.clip.captions.missing' };
  if (data.length > captionsLimitBytes) return { ok: false, error: 'stories.clip.captions.tooLarge' };
  // file-type knows WebVTT by its first word; any other signature is some other file renamed.
  const detected = (await fileTypeFromBuffer(data))?.mime;
  if ((detected !== undefined && detected !== 'text/vtt') || !isPlainText(data)) return { ok: false, error: 'stories.clip.captions.notVtt' };
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) return { ok: false, error: 'stories.clip.captions.notVtt' };
  let cues = 0;
  for (let i = 1; i < lines.length; i++) {
    if (cueTiming.test(lines[i]!.trim()) && (lines[i + 1] ?? '').trim() !== '') cues++;
  }
  if (cues === 0) return { ok: false, error: 'stories.clip.captions.noCues' };
  return { ok: true, cues };
}

// ---- Videos on other sites ---------------------------------------------------------------------

export interface EmbeddedVideo {
  provider: VideoProvider;
  host: string;
  id: string;
}

const youtubeHosts = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be', 'youtube-nocookie.com', 'www.youtube-nocookie.com']);
const vimeoHosts = new Set(['vimeo.com', 'www.vimeo.com', 'player.vimeo.com']);
const youtubeId = /^[A-Za-z0-9_-]{11}$/;
const vimeoId = /^[0-9]{1,12}$/;
const peertubeId = /^[A-Za-z0-9-]{8,40}$/;

/** Hosts that are never PeerTube instances: YouTube and Vimeo have their own handling. */
export function isBuiltInVideoHost(host: string): boolean {
  return youtubeHosts.has(host) || vimeoHosts.has(host);
}

/**
 * The video named by an address on YouTube, Vimeo or one of the PeerTube instances the hub's
 * administrators allow; null for anything else. Only the site and the video's id are kept.
 */
export function parseVideoAddress(value: string, peertubeHosts: readonly string[]): EmbeddedVideo | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  if (youtubeHosts.has(host)) {
    let id: string | null | undefined;
    if (host === 'youtu.be') id = parts[0];
    else if (parts[0] === 'watch') id = url.searchParams.get('v');
    else if (parts[0] === 'shorts' || parts[0] === 'embed' || parts[0] === 'live') id = parts[1];
    return id && youtubeId.test(id) ? { provider: 'youtube', host: 'www.youtube-nocookie.com', id } : null;
  }
  if (vimeoHosts.has(host)) {
    const id = host === 'player.vimeo.com' ? (parts[0] === 'video' ? parts[1] : undefined) : parts[0];
    return id && vimeoId.test(id) ? { provider: 'vimeo', host: 'player.vimeo.com', id } : null;
  }
  if (peertubeHosts.includes(host)) {
    let id: string | undefined;
    if (parts[0] === 'w') id = parts[1];
    else if (parts[0] === 'videos' && (parts[1] === 'watch' || parts[1] === 'embed')) id = parts[2];
    return id && peertubeId.test(id) ? { provider: 'peertube', host, id } : null;
  }
  return null;
}

/** Where the player is loaded from: the privacy-enhanced YouTube, Vimeo without tracking, the PeerTube instance. */
export function embedUrl(video: EmbeddedVideo): string {
  if (video.provider === 'youtube') return `https://www.youtube-nocookie.com/embed/${video.id}`;
  if (video.provider === 'vimeo') return `https://player.vimeo.com/video/${video.id}?dnt=1`;
  return `https://${video.host}/videos/embed/${video.id}`;
}

/** The video's own page on its site. */
export function watchUrl(video: EmbeddedVideo): string {
  if (video.provider === 'youtube') return `https://www.youtube.com/watch?v=${video.id}`;
  if (video.provider === 'vimeo') return `https://vimeo.com/${video.id}`;
  return `https://${video.host}/w/${video.id}`;
}

export function embedOrigin(video: EmbeddedVideo): string {
  return `https://${video.host}`;
}

/** A host name as administrators type it ("https://tube.example.org/" is fine); null if it is not one. */
export function normaliseHost(value: string): string | null {
  let text = value.trim().toLowerCase();
  if (!text) return null;
  if (!/^https?:\/\//.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username || url.password || url.port || (url.pathname !== '/' && url.pathname !== '') || url.search) return null;
  const host = url.hostname;
  if (!/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(host)) return null;
  return host;
}

/**
 * Lets this one response show a frame from `origin`. The hub's policy forbids frames everywhere
 * (frame-src 'none'); a story page with a video from an allowed site opens it for that site only.
 */
export function allowFrameFrom(reply: FastifyReply, origin: string) {
  if (!/^https:\/\/[a-z0-9.-]+$/.test(origin)) return;
  const current = reply.getHeader('content-security-policy');
  if (typeof current !== 'string' || !current.includes("frame-src 'none'")) return;
  reply.header('content-security-policy', current.replace("frame-src 'none'", `frame-src ${origin}`));
}

// ---- Storing and serving -------------------------------------------------------------------------

const storedPattern = /^stories\/[A-Za-z0-9_-]+\.(?:mp4|webm|vtt|jpg|png|webp|gif)$/;

export function newStoredPath(extension: string): string {
  return `stories/${randomToken(18)}.${extension}`;
}

function storedFile(uploadsDir: string, storedPath: string): string {
  // Names come from our own database, but a path outside the stories folder is never touched.
  if (!storedPattern.test(storedPath)) throw new Error(`Not a story file: ${storedPath}`);
  return path.join(uploadsDir, storedPath);
}

export async function writeStoredFile(uploadsDir: string, storedPath: string, data: Buffer) {
  const file = storedFile(uploadsDir, storedPath);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, data, { flag: 'wx' });
}

export async function removeStoredFiles(uploadsDir: string, storedPaths: (string | null | undefined)[]) {
  for (const storedPath of storedPaths) {
    if (!storedPath) continue;
    try {
      await fsp.rm(storedFile(uploadsDir, storedPath), { force: true });
    } catch {
      // A leftover file costs some disk; failing the member's action for it would cost more.
    }
  }
}

/**
 * Sends a stored file, honouring a single byte range (video players ask for parts of the file to
 * start playing and to jump). False when the file is missing.
 */
export async function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  uploadsDir: string,
  storedPath: string,
  contentType: string,
): Promise<boolean> {
  const file = storedFile(uploadsDir, storedPath);
  let size: number;
  try {
    size = (await fsp.stat(file)).size;
  } catch {
    return false;
  }
  reply
    .header('x-content-type-options', 'nosniff')
    .header('accept-ranges', 'bytes')
    // A file that somehow opened as a page could still do nothing.
    .header('content-security-policy', "default-src 'none'; sandbox")
    .type(contentType);
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(request.headers.range ?? '').trim());
  if (range && (range[1] !== '' || range[2] !== '') && size > 0) {
    let start: number;
    let end: number;
    if (range[1] === '') {
      // The last N bytes.
      start = Math.max(0, size - Number(range[2]));
      end = size - 1;
    } else {
      start = Number(range[1]);
      end = range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
    }
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) {
      reply.code(416).header('content-range', `bytes */${size}`).send('');
      return true;
    }
    reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`).header('content-length', String(end - start + 1));
    await reply.send(fs.createReadStream(file, { start, end }));
    return true;
  }
  reply.code(200).header('content-length', String(size));
  await reply.send(fs.createReadStream(file));
  return true;
}

// ---- Reading uploads -----------------------------------------------------------------------------

export interface FilePart {
  filename: string;
  contentType: string;
  data: Buffer;
}

const headerLimit = 8 * 1024;

/**
 * A multipart/form-data body as fields (strings) and files. Files are views into the request's
 * own buffer, so a 50 MB video is held in memory once, not copied; the first part of each name
 * counts. Throws a 400 error for a body that is not well-formed, a 413 for a field too long.
 */
export function parseMultipartBuffer(contentType: string, body: Buffer, limits = { parts: 20, fieldBytes: 64 * 1024 }): Record<string, string | FilePart> {
  const bad = (status = 400) => Object.assign(new Error('The form could not be read.'), { statusCode: status });
  const match = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw bad();
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  let position = body.indexOf(delimiter);
  if (position < 0) throw bad();
  position += delimiter.length;
  const fields: Record<string, string | FilePart> = {};
  for (let count = 0; ; count++) {
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break;
    if (count >= limits.parts) throw bad(413);
    if (body[position] !== 0x0d || body[position + 1] !== 0x0a) throw bad();
    position += 2;
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd < 0 || headerEnd - position > headerLimit) throw bad();
    const headers = body.toString('utf8', position, headerEnd);
    const contentStart = headerEnd + 4;
    const contentEnd = body.indexOf(next, contentStart);
    if (contentEnd < 0) throw bad();
    position = contentEnd + next.length;
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) continue;
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    const content = body.subarray(contentStart, contentEnd);
    if (name in fields) continue;
    if (filename !== undefined) {
      const type = /^content-type:\s*([^\r\n;]+)/im.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      fields[name] = { filename, contentType: type, data: content };
    } else {
      if (content.length > limits.fieldBytes) throw bad(413);
      fields[name] = content.toString('utf8');
    }
  }
  return fields;
}

/** The file of a field, or null when none was chosen (browsers still send an empty, nameless part). */
export function uploadedFile(fields: Record<string, unknown>, name: string): FilePart | null {
  const part = fields[name];
  if (typeof part !== 'object' || part === null || !('data' in part)) return null;
  const file = part as FilePart;
  return file.filename === '' && file.data.length === 0 ? null : file;
}

/** The text fields of a parsed upload, to show the form again as it was filled in. */
export function textFields(fields: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
