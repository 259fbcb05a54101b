import { crc32 } from "node:zlib";
import { expect } from "chai";
import { encodeNumber, encodePacket, fileChunks, MAX_PACKET_LENGTH } from "../../../lib/report/subunit.js";

// Expected bytes were produced by python-subunit 1.4.0's StreamResultToBytes (Debian python3-subunit).
const at = (iso: string) => new Date(iso);

describe("subunit v2 encoder", () => {
  it("uses zlib's CRC-32 (node:zlib, Node >= 20.15)", () => {
    expect(crc32(Buffer.from("123456789")).toString(16), "the CRC-32 check value").to.equal("cbf43926");
  });

  it("encodes varints at the 1/2/3/4-byte boundaries like python-subunit", () => {
    const cases: [number, string][] = [
      [0, "00"],
      [63, "3f"],
      [64, "4040"],
      [16383, "7fff"],
      [16384, "804000"],
      [4194303, "bfffff"],
      [4194304, "c0400000"],
      [1073741823, "ffffffff"],
    ];
    for (const [value, hex] of cases) expect(encodeNumber(value).toString("hex"), `varint of ${value}`).to.equal(hex);
    expect(() => encodeNumber(1073741824)).to.throw(RangeError, /too large/);
  });

  it("encodes a minimal status packet byte for byte", () => {
    expect(encodePacket({ testId: "foo", status: "success" }).toString("hex")).to.equal("b329030c03666f6f459dfe10");
  });

  it("encodes timestamp (with nanoseconds) and tags", () => {
    const bytes = encodePacket({
      testId: "a.b",
      status: "inprogress",
      tags: ["worker-0"],
      timestamp: at("2026-11-25T12:00:01.500Z"),
    });
    expect(bytes.toString("hex")).to.equal("b32b821e6b06cdc1ddcd650003612e620108776f726b65722d3074fff797");
  });

  it("encodes a file attachment with mime type and eof", () => {
    const bytes = encodePacket({
      testId: "x",
      fileName: "reason",
      fileBytes: Buffer.from("why"),
      mimeType: "text/plain;charset=utf8",
      eof: true,
      timestamp: at("2026-11-25T12:00:01Z"),
    });
    expect(bytes.toString("hex")).to.equal(
      "b32b70326b06cdc100017817746578742f706c61696e3b636861727365743d7574663806726561736f6e0377687971cb2fbc",
    );
  });

  it("switches to a 2-byte then a 3-byte packet length at python-subunit's thresholds", () => {
    const two = encodePacket({ testId: "t".repeat(60), status: "fail" });
    expect(two.subarray(0, 5).toString("hex"), "2-byte length 0x4046 = 70 bytes").to.equal("b329064046");
    expect(two.length).to.equal(70);
    const three = encodePacket({ testId: "t".repeat(16400), status: "fail" });
    expect(three.length).to.equal(16413);
    expect(three.subarray(0, 6).toString("hex"), "3-byte length 0x80401d = 16413 bytes").to.equal("b3290680401d");
  });

  it("refuses packets over the 4 MiB limit and chunks big files so only the last chunk has eof", () => {
    const big = Buffer.alloc(MAX_PACKET_LENGTH);
    expect(() => encodePacket({ testId: "x", fileName: "traceback", fileBytes: big })).to.throw(RangeError, /split/);
    const chunks = fileChunks({ testId: "x", fileName: "traceback" }, big);
    expect(
      chunks.map((c) => c.eof),
      "4 MiB - 1 in 1 MiB chunks",
    ).to.deep.equal([false, false, false, true]);
    for (const c of chunks) expect(() => encodePacket(c)).not.to.throw();
  });
});
