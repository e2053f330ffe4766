// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// gen_omexml -n IMAGES [-s SEED] [-o FILE]: one OME-XML (2016-06 schema)
// document describing a high-content screening plate, for the OME-XML
// ingest bench (bench/extra/run.sh). Deterministic in (IMAGES, SEED).
//
// A 384-well plate (16 x 24) with ceil(IMAGES / 384) fields per well: Plate
// / Well / WellSample (stage positions in µm) / ImageRef, one Instrument
// (microscope, four lasers, a detector, two objectives), then per image an
// Image with AcquisitionDate, InstrumentRef, ObjectiveSettings, and Pixels
// (uint16, 2048 x 2048, Z 5, C 4, T 3, physical sizes in µm) with four
// Channels (fluor, wavelengths in nm, LightSourceSettings, DetectorSettings),
// four TiffData with UUID, and 60 Planes (DeltaT s, ExposureTime ms,
// positions µm). About 12 KB per image: -n 10000 gives ~120 MB.
//
// libc only, always optimised: it must not depend on the code it measures.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ROWS 16U
#define COLS 24U
#define SIZE_Z 5U
#define SIZE_C 4U
#define SIZE_T 3U

static uint64_t rng_state;

// xorshift64*: fixed output for a seed on every platform.
static uint64_t
rng_next(void)
{
  uint64_t x = rng_state;
  x ^= x >> 12U;
  x ^= x << 25U;
  x ^= x >> 27U;
  rng_state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static unsigned
rng_below(const unsigned n)
{
  return (unsigned)(rng_next() % n);
}

static const struct {
  const char* fluor;
  unsigned    ex;
  unsigned    em;
  int         color;
} channels[SIZE_C] = {{"DAPI", 405U, 450U, 65535},
                      {"Alexa Fluor 488", 488U, 525U, 16711935},
                      {"Alexa Fluor 568", 561U, 600U, -16776961},
                      {"Alexa Fluor 647", 640U, 690U, -65281}};

static void
put_uuid(FILE* const out, const uint64_t a)
{
  const uint64_t b = a * 0x9E3779B97F4A7C15ULL;
  fprintf(out, "urn:uuid:%08x-%04x-4%03x-8%03x-%012llx",
          (unsigned)(a >> 32U), (unsigned)(a >> 16U) & 0xFFFFU,
          (unsigned)a & 0xFFFU, (unsigned)(b >> 52U) & 0xFFFU,
          (unsigned long long)(b & 0xFFFFFFFFFFFFULL));
}

static void
put_plate(FILE* const out, const unsigned long n, const unsigned fields)
{
  fprintf(out,
          "  <Plate ID=\"Plate:0\" Name=\"HCS screen plate 1 (%lu images)\" "
          "Rows=\"%u\" Columns=\"%u\" RowNamingConvention=\"letter\" "
          "ColumnNamingConvention=\"number\" WellOriginX=\"14.38\" "
          "WellOriginXUnit=\"mm\" WellOriginY=\"11.24\" WellOriginYUnit=\"mm\" "
          "FieldIndex=\"0\" ExternalIdentifier=\"BC-000042\">\n"
          "    <Description>Synthetic siRNA screen, 384-well plate, "
          "Hoechst/GFP/RFP/far-red</Description>\n",
          n, ROWS, COLS);
  unsigned long img = 0UL;
  for (unsigned w = 0U; w < ROWS * COLS && img < n; ++w) {
    const unsigned r = w / COLS;
    const unsigned c = w % COLS;
    fprintf(out,
            "    <Well ID=\"Well:0:%u\" Row=\"%u\" Column=\"%u\" "
            "ExternalDescription=\"siRNA gene %u\" Type=\"%s\" Color=\"-1\">\n",
            w, r, c, rng_below(20000U), c == 0U ? "control" : "treatment");
    for (unsigned f = 0U; f < fields && img < n; ++f, ++img) {
      fprintf(out,
              "      <WellSample ID=\"WellSample:0:%u:%u\" Index=\"%lu\" "
              "PositionX=\"%u.%02u\" PositionXUnit=\"µm\" PositionY=\"%u.%02u\" "
              "PositionYUnit=\"µm\" Timepoint=\"2024-03-%02uT10:%02u:%02u\">\n"
              "        <ImageRef ID=\"Image:%lu\"/>\n"
              "      </WellSample>\n",
              w, f, img, 4500U * c + 300U * (f % 5U), rng_below(100U),
              4500U * r + 300U * (f / 5U), rng_below(100U), 1U + r % 28U,
              (unsigned)(img / 60U) % 60U, (unsigned)(img % 60U), img);
    }
    fputs("    </Well>\n", out);
  }
  fputs("  </Plate>\n", out);
}

static void
put_instrument(FILE* const out)
{
  fputs("  <Instrument ID=\"Instrument:0\">\n"
        "    <Microscope Manufacturer=\"Synthetic Optics\" Model=\"HCS-9000\" "
        "SerialNumber=\"SN-123456\" Type=\"Inverted\"/>\n",
        out);
  for (unsigned i = 0U; i < SIZE_C; ++i) {
    fprintf(out,
            "    <Laser ID=\"LightSource:0:%u\" Manufacturer=\"Coherent\" "
            "Model=\"OBIS %u\" Power=\"%u\" PowerUnit=\"mW\" Wavelength=\"%u\" "
            "WavelengthUnit=\"nm\" Type=\"SolidState\" LaserMedium=\"Other\"/>\n",
            i, channels[i].ex, 50U + 25U * i, channels[i].ex);
  }
  fputs("    <Detector ID=\"Detector:0:0\" Manufacturer=\"Hamamatsu\" "
        "Model=\"ORCA-Fusion\" Type=\"CMOS\" Gain=\"1.0\" Zoom=\"1.0\"/>\n"
        "    <Objective ID=\"Objective:0:0\" Manufacturer=\"Nikon\" "
        "Model=\"CFI Plan Apo 20x\" NominalMagnification=\"20\" LensNA=\"0.75\" "
        "Immersion=\"Air\" Correction=\"PlanApo\" WorkingDistance=\"1.0\" "
        "WorkingDistanceUnit=\"mm\"/>\n"
        "    <Objective ID=\"Objective:0:1\" Manufacturer=\"Nikon\" "
        "Model=\"CFI Plan Apo 40x\" NominalMagnification=\"40\" LensNA=\"0.95\" "
        "Immersion=\"Air\" Correction=\"PlanApo\" WorkingDistance=\"0.17\" "
        "WorkingDistanceUnit=\"mm\"/>\n"
        "  </Instrument>\n",
        out);
}

static void
put_image(FILE* const out, const unsigned long i, const unsigned fields)
{
  const unsigned long w  = i / fields;
  const unsigned      ob = (unsigned)(i / 1000U) % 2U;
  const unsigned      px = ob ? 1625U : 3250U; // 10^-4 µm
  fprintf(out,
          "  <Image ID=\"Image:%lu\" Name=\"%c%02u_f%02u\">\n"
          "    <AcquisitionDate>2024-03-%02uT10:%02u:%02u</AcquisitionDate>\n"
          "    <Description>well %c%02u field %u</Description>\n"
          "    <InstrumentRef ID=\"Instrument:0\"/>\n"
          "    <ObjectiveSettings ID=\"Objective:0:%u\" Medium=\"Air\" "
          "RefractiveIndex=\"1.0\"/>\n"
          "    <Pixels ID=\"Pixels:%lu\" DimensionOrder=\"XYZCT\" Type=\"uint16\" "
          "SignificantBits=\"16\" Interleaved=\"false\" BigEndian=\"false\" "
          "SizeX=\"2048\" SizeY=\"2048\" SizeZ=\"%u\" SizeC=\"%u\" SizeT=\"%u\" "
          "PhysicalSizeX=\"0.%04u\" PhysicalSizeXUnit=\"µm\" "
          "PhysicalSizeY=\"0.%04u\" PhysicalSizeYUnit=\"µm\" "
          "PhysicalSizeZ=\"1.5\" PhysicalSizeZUnit=\"µm\" "
          "TimeIncrement=\"600\" TimeIncrementUnit=\"s\">\n",
          i, 'A' + (int)(w / COLS % ROWS), (unsigned)(w % COLS) + 1U,
          (unsigned)(i % fields), 1U + (unsigned)(w / COLS % 28U),
          (unsigned)(i / 60U) % 60U, (unsigned)(i % 60U),
          'A' + (int)(w / COLS % ROWS), (unsigned)(w % COLS) + 1U,
          (unsigned)(i % fields), ob, i, SIZE_Z, SIZE_C, SIZE_T, px, px);
  for (unsigned c = 0U; c < SIZE_C; ++c) {
    fprintf(out,
            "      <Channel ID=\"Channel:%lu:%u\" Name=\"%s\" SamplesPerPixel=\"1\" "
            "IlluminationType=\"Epifluorescence\" AcquisitionMode=\"WideField\" "
            "ContrastMethod=\"Fluorescence\" Fluor=\"%s\" "
            "ExcitationWavelength=\"%u\" ExcitationWavelengthUnit=\"nm\" "
            "EmissionWavelength=\"%u\" EmissionWavelengthUnit=\"nm\" "
            "Color=\"%d\">\n"
            "        <LightSourceSettings ID=\"LightSource:0:%u\" "
            "Attenuation=\"0.%02u\" Wavelength=\"%u\" WavelengthUnit=\"nm\"/>\n"
            "        <DetectorSettings ID=\"Detector:0:0\" Binning=\"1x1\" "
            "Gain=\"1.0\" Offset=\"100.0\"/>\n"
            "        <LightPath/>\n"
            "      </Channel>\n",
            i, c, channels[c].fluor, channels[c].fluor, channels[c].ex,
            channels[c].em, channels[c].color, c, rng_below(100U),
            channels[c].ex);
  }
  for (unsigned c = 0U; c < SIZE_C; ++c) {
    fprintf(out,
            "      <TiffData FirstC=\"%u\" FirstZ=\"0\" FirstT=\"0\" IFD=\"0\" "
            "PlaneCount=\"%u\">\n        <UUID FileName=\"%c%02u_f%02u_c%u.ome.tif\">",
            c, SIZE_Z * SIZE_T, 'A' + (int)(w / COLS % ROWS),
            (unsigned)(w % COLS) + 1U, (unsigned)(i % fields), c);
    put_uuid(out, rng_next());
    fputs("</UUID>\n      </TiffData>\n", out);
  }
  for (unsigned t = 0U; t < SIZE_T; ++t) {
    for (unsigned c = 0U; c < SIZE_C; ++c) {
      for (unsigned z = 0U; z < SIZE_Z; ++z) {
        fprintf(out,
                "      <Plane TheZ=\"%u\" TheC=\"%u\" TheT=\"%u\" DeltaT=\"%u.%03u\" "
                "DeltaTUnit=\"s\" ExposureTime=\"%u\" ExposureTimeUnit=\"ms\" "
                "PositionX=\"%lu.%02u\" PositionXUnit=\"µm\" "
                "PositionY=\"%lu.%02u\" PositionYUnit=\"µm\" "
                "PositionZ=\"%u.5\" PositionZUnit=\"µm\"/>\n",
                z, c, t, 600U * t + c * 2U, rng_below(1000U),
                20U + 10U * c + rng_below(5U), 4500UL * (w % COLS),
                rng_below(100U), 4500UL * (w / COLS % ROWS), rng_below(100U),
                2000U + 1U * z);
      }
    }
  }
  fputs("    </Pixels>\n  </Image>\n", out);
}

int
main(int argc, char** argv)
{
  unsigned long n    = 0UL;
  unsigned long seed = 1UL;
  const char*   path = NULL;
  int           opt  = 0;
  while ((opt = getopt(argc, argv, "n:s:o:")) != -1) {
    switch (opt) {
    case 'n': n = strtoul(optarg, NULL, 10); break;
    case 's': seed = strtoul(optarg, NULL, 10); break;
    case 'o': path = optarg; break;
    default:
      fprintf(stderr, "usage: gen_omexml -n IMAGES [-s SEED] [-o FILE]\n");
      return 2;
    }
  }
  if (!n || n > 10000000UL) {
    fprintf(stderr, "usage: gen_omexml -n IMAGES [-s SEED] [-o FILE]\n");
    return 2;
  }
  FILE* const out = path ? fopen(path, "w") : stdout;
  if (!out) {
    perror(path);
    return 1;
  }
  static char buf[1 << 20];
  setvbuf(out, buf, _IOFBF, sizeof(buf));
  rng_state = 0xD1B54A32D192ED03ULL ^ (uint64_t)seed;
  if (!rng_state) {
    rng_state = 1U;
  }
  const unsigned fields = (unsigned)((n + ROWS * COLS - 1U) / (ROWS * COLS));
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<OME xmlns=\"http://www.openmicroscopy.org/Schemas/OME/2016-06\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://www.openmicroscopy.org/Schemas/OME/2016-06 "
        "http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd\" "
        "Creator=\"MUGDAT bench gen_omexml\" UUID=\"",
        out);
  put_uuid(out, rng_next());
  fputs("\">\n", out);
  put_plate(out, n, fields);
  put_instrument(out);
  for (unsigned long i = 0UL; i < n; ++i) {
    put_image(out, i, fields);
  }
  fputs("</OME>\n", out);
  if (fflush(out) || (path && fclose(out))) {
    perror(path ? path : "stdout");
    return 1;
  }
  return 0;
}
