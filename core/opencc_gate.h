/* What the installed OpenCC dictionaries say about each character, derived from them at build
 * time by tools/gen_opencc_gate.c (which prints build/gen/opencc_gate.c) and read by the
 * convert stage, one table lookup per character.
 *
 * A gate bit marks the characters that can make a sentence change under one conversion: those
 * that a dictionary of the conversion's chain changes on their own, plus, for each phrase that
 * changes although none of its characters does alone (答覆→答复), one character where it
 * changes. A sentence without any of them comes out of OpenCC as it went in.
 *
 * A boundary character occurs in no key and no value of any of these dictionaries, so no
 * dictionary match crosses it and OpenCC copies it through: converting the text between
 * boundaries piece by piece gives the same bytes as converting it whole, and the boundaries
 * of the output line up with those of the input. The generator fails the build otherwise.
 *
 * The script bits say which characters are evidence of a script: Traditional ones are
 * changed by t2s on their own and never written by it; Simplified ones likewise for s2t. */
#ifndef ZHX_OPENCC_GATE_H
#define ZHX_OPENCC_GATE_H

#include <stddef.h>
#include <stdint.h>

enum {
    ZHX_GATE_T2S = 1u << 0,
    ZHX_GATE_TW2S = 1u << 1,
    ZHX_GATE_TW2SP = 1u << 2,
    ZHX_GATE_HK2S = 1u << 3,
    ZHX_CHAR_TRADITIONAL = 1u << 4,
    ZHX_CHAR_SIMPLIFIED = 1u << 5,
    ZHX_CHAR_BOUNDARY = 1u << 6
};

/* A two-level table: zhx_gate_index[cp >> ZHX_GATE_SHIFT] is the number of the block that
 * holds the flags of cp's neighbourhood; identical blocks (most of them empty) are stored
 * once. */
#define ZHX_GATE_SHIFT 7
#define ZHX_GATE_BLOCK (1u << ZHX_GATE_SHIFT)

/* The gate bits of the conversions none of whose dictionary entries changes the number of
 * characters: their output maps onto their input character by character. */
extern const unsigned zhx_gate_keeps_length;

extern const uint16_t zhx_gate_index[0x110000 >> ZHX_GATE_SHIFT];
extern const uint8_t zhx_gate_blocks[];

/* The flags of code point `cp` (<= 0x10FFFF). */
static inline unsigned zhx_gate_flags(uint32_t cp)
{
    return zhx_gate_blocks[(uint32_t)zhx_gate_index[cp >> ZHX_GATE_SHIFT] << ZHX_GATE_SHIFT |
                           (cp & (ZHX_GATE_BLOCK - 1))];
}

/* The dictionaries of the conversions in OpenCC's Darts format (.ocd), converted with
 * opencc_dict from the installed ones (.ocd2, marisa tries): the same entries, looked up
 * about five times faster. `file` is the installed dictionary's name. */
typedef struct zhx_darts_dict {
    const char *file;
    const unsigned char *bytes;
    size_t size;
} zhx_darts_dict;

/* A conversion's configuration (`name`: t2s.json, ...) with every dictionary of Darts type,
 * still named by its installed file; `json` is NULL when a dictionary has no Darts copy (an
 * OpenCC built without Darts). */
typedef struct zhx_darts_config {
    const char *name, *json;
} zhx_darts_config;

extern const zhx_darts_dict zhx_darts_dicts[];
extern const size_t zhx_darts_ndicts;
extern const zhx_darts_config zhx_darts_configs[];
extern const size_t zhx_darts_nconfigs;

#endif
