import sharp from 'sharp';

/**
 * Small but well-formed media for tests and the demo, written byte by byte (no video tools are
 * needed): an MP4 whose movie header gives its length, a WebM whose segment info does, captions,
 * and a photo carrying EXIF data that must not survive.
 */

function box(type: string, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** An MP4 (ISO base media) file whose moov/mvhd says it lasts `seconds`. */
export function tinyMp4(seconds: number): Buffer {
  const ftyp = box('ftyp', Buffer.from('isom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2mp41'));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale: thousandths of a second
  mvhd.writeUInt32BE(Math.round(seconds * 1000), 16); // duration
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  for (const [offset, value] of [
    [36, 0x00010000],
    [52, 0x00010000],
    [68, 0x40000000],
  ] as const) {
    mvhd.writeUInt32BE(value, offset); // identity matrix
  }
  mvhd.writeUInt32BE(2, 96); // next track id
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), box('mdat', Buffer.alloc(64))]);
}

function ebmlSize(length: number): Buffer {
  const size = Buffer.alloc(8);
  size[0] = 0x01;
  size.writeUIntBE(length, 2, 6);
  return size;
}

function element(id: number[], data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id), ebmlSize(data.length), data]);
}

/** A WebM (Matroska) file whose Segment/Info gives a Duration of `seconds`. */
export function tinyWebm(seconds: number, options: { withDuration?: boolean } = {}): Buffer {
  const header = element(
    [0x1a, 0x45, 0xdf, 0xa3],
    Buffer.concat([
      element([0x42, 0x86], Buffer.from([1])),
      element([0x42, 0xf7], Buffer.from([1])),
      element([0x42, 0xf2], Buffer.from([4])),
      element([0x42, 0xf3], Buffer.from([8])),
      element([0x42, 0x82], Buffer.from('webm')),
      element([0x42, 0x87], Buffer.from([4])),
      element([0x42, 0x85], Buffer.from([2])),
    ]),
  );
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE(seconds * 1000);
  const info = element(
    [0x15, 0x49, 0xa9, 0x66],
    Buffer.concat([element([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40])), ...(options.withDuration === false ? [] : [element([0x44, 0x89], duration)])]),
  );
  // One cluster with a block at the clip's end, as a recorder that leaves Duration out writes.
  const clusterTime = Buffer.alloc(4);
  clusterTime.writeUInt32BE(Math.round(seconds * 1000));
  const block = Buffer.from([0x81, 0x00, 0x00, 0x80]); // track 1, at the cluster's time, a key frame
  const cluster = element([0x1f, 0x43, 0xb6, 0x75], Buffer.concat([element([0xe7], clusterTime), element([0xa3], block)]));
  return Buffer.concat([header, element([0x18, 0x53, 0x80, 0x67], Buffer.concat([info, cluster]))]);
}

export function captionsFor(lines: string[]): Buffer {
  const cues = lines.map((line, index) => {
    const start = index * 3;
    const stamp = (seconds: number) => `00:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.000`;
    return `${index + 1}\n${stamp(start)} --> ${stamp(start + 3)}\n${line}\n`;
  });
  return Buffer.from(`WEBVTT\n\n${cues.join('\n')}`);
}

/** A small JPEG with EXIF data (a camera model and a GPS position), which storing must remove. */
export async function photoWithExif(colour = { r: 200, g: 120, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', Model: 'Spy 3000' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '53/1 44/1 0/1' } })
    .toBuffer();
}
