// Glance v2 image bodies (loose; Glance returns arbitrary image properties at the top level).
import { type Static, Type } from "@sinclair/typebox";
import { Loose, NullableString } from "./common.js";

export const ImageBody = Loose({
  id: Type.String(),
  name: Type.Optional(NullableString),
  status: Type.String(),
  visibility: Type.Optional(Type.String()),
  disk_format: Type.Optional(NullableString),
  container_format: Type.Optional(NullableString),
  size: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  min_disk: Type.Optional(Type.Integer()),
  min_ram: Type.Optional(Type.Integer()),
});
export type Image = Static<typeof ImageBody>;
export const ListImagesResponse = Loose({ images: Type.Array(ImageBody) });
