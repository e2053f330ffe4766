// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// OME-Zarr (OME-NGFF 0.4 `.zattrs`, 0.5 `zarr.json` attributes.ome): the
// image's axes, units and physical pixel sizes (the first resolution level's
// scale times any multiscale-level scale) and the omero channel list. Only
// the metadata documents are read; chunks are never opened. Physical sizes
// go on an ome:Pixels node as the OME-XML ingester writes them, so one query
// finds pixel sizes whatever the image format.

#include "ingest/mmds_impl.h"

#include "base/alloc.h"

#include <stdio.h>
#include <string.h>

/// NGFF unit names (UDUNITS-2) -> symbols in mappings/ome-units.tsv.
static const char*
ngff_unit_symbol(const char* const u)
{
  static const char* const map[][2] = {
    { "micrometer", "um" },  { "nanometer", "nm" },  { "millimeter", "mm" },
    { "centimeter", "cm" },  { "meter", "m" },       { "angstrom", "Å" },
    { "picometer", "pm" },   { "second", "s" },      { "millisecond", "ms" },
    { "microsecond", "us" }, { "nanosecond", "ns" }, { "minute", "min" },
    { "hour", "h" },
  };
  for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); ++i) {
    if (!strcmp(u, map[i][0])) {
      return map[i][1];
    }
  }
  return u;
}

static double
scale_at(json_t* const transforms, const size_t i)
{
  size_t  k = 0;
  json_t* t = NULL;
  json_array_foreach(transforms, k, t)
  {
    const char* const ty = json_string_value(json_object_get(t, "type"));
    if (ty && !strcmp(ty, "scale")) {
      json_t* const v = json_array_get(json_object_get(t, "scale"), i);
      if (json_is_number(v)) {
        return json_number_value(v);
      }
    }
  }
  return 1.0;
}

MgdStatus
mgd_zarr_read(MgdMmds* const m, const char* const zdir, const MgdStr image)
{
  char path[4096];
  snprintf(path, sizeof(path), "%s/.zattrs", zdir);
  MgdBuf text = { 0 };
  FILE*  f    = fopen(path, "rb");
  bool   v3   = false;
  if (!f) {
    snprintf(path, sizeof(path), "%s/zarr.json", zdir);
    f  = fopen(path, "rb");
    v3 = true;
  }
  if (!f) {
    return mgd_mmds_warn(m, 0, 0, NULL,
                         "%s: OME-Zarr without .zattrs or zarr.json", zdir);
  }
  fclose(f);
  const char* const saved = m->file;
  MgdStatus         st    = mgd_mmds_slurp(m, path, &text);
  json_t*           doc   = NULL;
  m->file                 = path;
  if (!st) {
    doc = mgd_mmds_json_load(m, path, text.data, text.len);
    if (!doc) {
      // A broken .zattrs costs the image its metadata, not the dataset.
      st = mgd_mmds_warn(m, 0, 0, NULL, "OME-Zarr metadata skipped");
    }
  }
  json_t* attrs = doc;
  if (doc && v3) {
    attrs = json_object_get(doc, "attributes");
  }
  if (attrs && json_object_get(attrs, "ome")) {
    attrs = json_object_get(attrs, "ome");
  }
  json_t* const ms  = json_array_get(json_object_get(attrs, "multiscales"), 0);
  MgdBuf        pix = { 0 }, ax = { 0 }, u = { 0 }, id = { 0 };
  if (!st && doc && !ms) {
    st = mgd_mmds_warn(m, 0, 0, "$.multiscales",
                       "no multiscales: not an OME-Zarr image");
  }
  m->zarr_scale[0] = m->zarr_scale[1] = m->zarr_scale[2] = 0.0;
  if (!st && ms) {
    st             = mgd_mmds_type(m, image, "ome:Image");
    st             = st ? st : mgd_buf_append(&pix, image.ptr, image.len);
    st             = st ? st : mgd_buf_appendc(&pix, "#pixels");
    const MgdStr p = mgd_buf_str(&pix);
    st             = st ? st : mgd_mmds_iri(m, image, "ome:pixels", p);
    st             = st ? st : mgd_mmds_type(m, p, "ome:Pixels");
    json_t* ver    = json_object_get(ms, "version");
    if (!ver) {
      ver = json_object_get(attrs, "version");
    }
    if (!st && json_is_string(ver)) {
      st = mgd_mmds_lit(m, image, "rembi:ngffVersion",
                        mgd_str(json_string_value(ver)));
    }
    json_t* const axes = json_object_get(ms, "axes");
    json_t* const ds0  = json_array_get(json_object_get(ms, "datasets"), 0);
    json_t* const ct0  = json_object_get(ds0, "coordinateTransformations");
    json_t* const ctm  = json_object_get(ms, "coordinateTransformations");
    size_t        i    = 0;
    json_t*       a    = NULL;
    json_array_foreach(axes, i, a)
    {
      if (st) {
        break;
      }
      const char* name = json_string_value(json_object_get(a, "name"));
      const char* type = json_string_value(json_object_get(a, "type"));
      json_t*     uj   = json_object_get(a, "unit");
      char        jp[64];
      snprintf(jp, sizeof(jp), "$.multiscales[0].axes[%zu]", i);
      if (!uj && json_object_get(a, "units")) {
        uj = json_object_get(a, "units");
        st = mgd_mmds_warn(m, 0, 0, jp,
                           "axis key 'units' should be 'unit' (OME-NGFF "
                           "0.4 §axes): read anyway");
      }
      const char* unit = json_string_value(uj);
      if (!name) {
        st = st ? st : mgd_mmds_warn(m, 0, 0, jp, "axis without a name");
        continue;
      }
      mgd_buf_reset(&ax);
      st               = st ? st : mgd_buf_append(&ax, image.ptr, image.len);
      st               = st ? st : mgd_buf_printf(&ax, "#axis-%s", name);
      const MgdStr axn = mgd_buf_str(&ax);
      st               = st ? st : mgd_mmds_iri(m, image, "rembi:axis", axn);
      st               = st ? st : mgd_mmds_type(m, axn, "rembi:Axis");
      st = st ? st : mgd_mmds_lit(m, axn, "schema:name", mgd_str(name));
      char num[24];
      snprintf(num, sizeof(num), "%zu", i);
      st = st ? st
              : mgd_mmds_typed(m, axn, "rembi:axisIndex", mgd_str(num),
                               MGD_XSD_INTEGER);
      if (!st && type) {
        st = mgd_mmds_lit(m, axn, "rembi:axisType", mgd_str(type));
      }
      const char* sym      = unit ? ngff_unit_symbol(unit) : NULL;
      const bool  has_unit = sym && !mgd_mmds_unit(m, mgd_str(sym), &u);
      if (!st && unit) {
        st = mgd_mmds_lit(m, axn, "schema:unitText", mgd_str(unit));
        if (!st && has_unit) {
          st = mgd_mmds_iri(m, axn, "schema:unitCode", mgd_buf_str(&u));
        }
      }
      const double s = scale_at(ct0, i) * scale_at(ctm, i);
      char         sv[64];
      snprintf(sv, sizeof(sv), "%.17g", s);
      for (int prec = 1; prec <= 17; ++prec) {
        char t[64];
        snprintf(t, sizeof(t), "%.*g", prec, s);
        if (strtod(t, NULL) == s) {
          memcpy(sv, t, sizeof(t));
          break;
        }
      }
      if (!strchr(sv, '.') && !strchr(sv, 'e')) {
        strcat(sv, ".0");
      }
      st =
        st ? st
           : mgd_mmds_typed(m, axn, "rembi:scale", mgd_str(sv), MGD_XSD_DOUBLE);
      const bool is_space = !type || !strcmp(type, "space");
      if (!st && is_space &&
          (!strcmp(name, "x") || !strcmp(name, "y") || !strcmp(name, "z"))) {
        char pred[64];
        snprintf(pred, sizeof(pred), "ome:physical_size_%s", name);
        st = mgd_mmds_typed(m, p, pred, mgd_str(sv), MGD_XSD_DOUBLE);
        m->zarr_scale[name[0] - 'x'] = s;
        if (!st && has_unit) {
          snprintf(pred, sizeof(pred), "ome:physical_size_%s_unit", name);
          st = mgd_mmds_iri(m, p, pred, mgd_buf_str(&u));
        }
      } else if (!st && type && !strcmp(type, "time")) {
        st = mgd_mmds_typed(m, p, "ome:time_increment", mgd_str(sv),
                            MGD_XSD_DOUBLE);
      }
    }
    json_t* const chans =
      json_object_get(json_object_get(attrs, "omero"), "channels");
    json_array_foreach(chans, i, a)
    {
      if (st) {
        break;
      }
      mgd_buf_reset(&ax);
      st             = mgd_buf_append(&ax, image.ptr, image.len);
      st             = st ? st : mgd_buf_printf(&ax, "#channel-%zu", i);
      const MgdStr c = mgd_buf_str(&ax);
      st             = st ? st : mgd_mmds_iri(m, p, "ome:channel", c);
      st             = st ? st : mgd_mmds_type(m, c, "ome:Channel");
      st =
        st ? st : mgd_mmds_json(m, c, "ome:name", json_object_get(a, "label"));
      st =
        st ? st : mgd_mmds_json(m, c, "ome:color", json_object_get(a, "color"));
    }
  }
  m->file = saved;
  json_decref(doc);
  mgd_buf_clear(&text);
  mgd_buf_clear(&pix);
  mgd_buf_clear(&ax);
  mgd_buf_clear(&u);
  mgd_buf_clear(&id);
  return st;
}
