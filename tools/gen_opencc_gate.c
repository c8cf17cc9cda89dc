/* gen_opencc_gate: prints the character table of core/opencc_gate.h, derived from the OpenCC
 * dictionaries installed on the build machine, so that the convert stage knows without
 * calling OpenCC which sentences it can change; and the Darts copies of those dictionaries,
 * which OpenCC reads faster (core/opencc_open.h).
 *
 * Usage: gen_opencc_gate OPENCC_DATA_DIR >build/gen/opencc_gate.c
 *
 * Each conversion's configuration (t2s.json, ...) names the dictionaries of its segmentation
 * and of its conversion chain; each dictionary is exported as text with `opencc_dict` and
 * read. The proof that gating is exact rests on two facts checked here: every change OpenCC
 * makes comes from a dictionary entry whose value differs from its key, and no entry holds a
 * boundary character. A boundary character found in a key or a value fails the build. */
#include <errno.h>
#include <jansson.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "opencc_gate.h"

extern char **environ;

#define CODE_POINTS 0x110000u
#define DICTS_MAX 32

/* Where sentences may be cut: blanks and punctuation that ends or separates clauses. */
static const char boundary_chars[] =
    "\t\n\r !\"'(),.:;?[]、。，；：！？（）《》〈〉「」『』【】“”‘’…—　";

static const struct {
    const char *config;
    unsigned gate;
} conversions[] = {
    {"t2s.json", ZHX_GATE_T2S},
    {"tw2s.json", ZHX_GATE_TW2S},
    {"tw2sp.json", ZHX_GATE_TW2SP},
    {"hk2s.json", ZHX_GATE_HK2S},
};

typedef struct entry {
    uint32_t *key, *value; /* value: the default (first) one, which OpenCC writes */
    size_t nkey, nvalue;
} entry;

typedef struct dict {
    char *file;
    char text[4200]; /* the dictionary as text: exported, or the installed file itself */
    entry *e;
    size_t n;
    uint32_t *written; /* every character of every value, alternatives included */
    size_t nwritten;
    bool used;  /* by one of the conversions */
    bool darts; /* its Darts copy was printed, as darts_N (N: its index) */
} dict;

static dict dicts[DICTS_MAX];
static size_t ndicts;
static char tmpdir[] = "/tmp/zhx-gen-XXXXXX";

/* Removes the exported dictionaries, named 1.txt, 2.txt, ... after their order, and their
 * Darts copies 1.ocd, 2.ocd, ... */
static void cleanup(void)
{
    char path[64];
    for (size_t i = 1; i <= DICTS_MAX; i++) {
        snprintf(path, sizeof path, "%s/%zu.txt", tmpdir, i);
        unlink(path);
        snprintf(path, sizeof path, "%s/%zu.ocd", tmpdir, i);
        unlink(path);
    }
    rmdir(tmpdir);
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "gen_opencc_gate: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

/* Decodes well-formed UTF-8 (the dictionaries are); returns the number of code points. */
static size_t decode(const char *s, size_t len, uint32_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t w = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + w > len)
            die("malformed UTF-8 in a dictionary");
        uint32_t cp = w == 1 ? c : c & (0xFF >> (w + 1));
        for (size_t k = 1; k < w; k++)
            cp = cp << 6 | ((unsigned char)s[i + k] & 0x3F);
        if (cp >= CODE_POINTS)
            die("code point out of range in a dictionary");
        out[n++] = cp;
        i += w;
    }
    return n;
}

static uint32_t *decode_copy(const char *s, size_t len, size_t *n)
{
    uint32_t *cps = xrealloc(NULL, (len + 1) * sizeof *cps);
    *n = decode(s, len, cps);
    return cps;
}

/* Runs `opencc_dict` to turn dictionary `in` of format `from` into `out` of format `to`. */
static bool opencc_dict(const char *in, const char *from, const char *out, const char *to)
{
    char *argv[] = {"opencc_dict", "-i",         (char *)in, "-o",       (char *)out,
                    "-f",          (char *)from, "-t",       (char *)to, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "opencc_dict", NULL, NULL, argv, environ);
    if (rc != 0)
        die("cannot run opencc_dict: %s", strerror(rc));
    int status;
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Reads "KEY<TAB>VALUE[ VALUE...]" lines. */
static void read_text_dict(dict *d, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, ecap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        char *tab = strchr(line, '\t');
        if (!tab)
            die("%s: a line without a tab: %s", path, line);
        if (d->n == ecap) {
            ecap = ecap ? ecap * 2 : 1024;
            d->e = xrealloc(d->e, ecap * sizeof *d->e);
        }
        entry *e = &d->e[d->n++];
        e->key = decode_copy(line, (size_t)(tab - line), &e->nkey);
        const char *values = tab + 1;
        size_t first = strcspn(values, " ");
        e->value = decode_copy(values, first, &e->nvalue);
        size_t nall;
        uint32_t *all = decode_copy(values, strlen(values), &nall);
        d->written = xrealloc(d->written, (d->nwritten + nall) * sizeof *d->written);
        for (size_t k = 0; k < nall; k++)
            if (all[k] != ' ') /* the separator between alternatives */
                d->written[d->nwritten++] = all[k];
        free(all);
    }
    free(line);
    fclose(f);
    if (d->n == 0)
        die("%s holds no entries", path);
}

static dict *load_dict(const char *datadir, const char *file, const char *type)
{
    for (size_t i = 0; i < ndicts; i++)
        if (strcmp(dicts[i].file, file) == 0)
            return &dicts[i];
    if (ndicts == DICTS_MAX)
        die("more than %d dictionaries", DICTS_MAX);
    dict *d = &dicts[ndicts++];
    memset(d, 0, sizeof *d);
    d->file = strdup(file);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", datadir, file);
    if (strcmp(type, "text") == 0) {
        snprintf(d->text, sizeof d->text, "%s", path);
        read_text_dict(d, d->text);
    } else if (strcmp(type, "ocd2") == 0) {
        snprintf(d->text, sizeof d->text, "%s/%zu.txt", tmpdir, ndicts);
        if (!opencc_dict(path, "ocd2", d->text, "text"))
            die("opencc_dict failed on %s", path);
        read_text_dict(d, d->text);
    } else {
        die("%s: dictionary type '%s' is not supported", file, type);
    }
    return d;
}

/* Adds the dictionaries of a config's "dict" object (a file or a group) to `out`. */
static void collect(const char *datadir, const char *config, json_t *obj, dict **out, size_t *n)
{
    const char *type = json_string_value(json_object_get(obj, "type"));
    if (!type)
        die("%s: a dictionary without a type", config);
    if (strcmp(type, "group") == 0) {
        size_t i;
        json_t *member;
        json_array_foreach(json_object_get(obj, "dicts"), i, member)
            collect(datadir, config, member, out, n);
        return;
    }
    const char *file = json_string_value(json_object_get(obj, "file"));
    if (!file)
        die("%s: a %s dictionary without a file", config, type);
    dict *d = load_dict(datadir, file, type);
    for (size_t i = 0; i < *n; i++)
        if (out[i] == d) /* the segmentation's dictionary is usually in the chain too */
            return;
    if (*n == DICTS_MAX)
        die("%s: too many dictionaries", config);
    out[(*n)++] = d;
}

/* The dictionaries a conversion uses: its segmentation's and its whole chain's. */
static size_t config_dicts(const char *datadir, const char *config, dict **out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", datadir, config);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root)
        die("%s:%d: %s", path, err.line, err.text);
    size_t n = 0;
    json_t *seg = json_object_get(json_object_get(root, "segmentation"), "dict");
    if (seg)
        collect(datadir, config, seg, out, &n);
    size_t i;
    json_t *step;
    json_array_foreach(json_object_get(root, "conversion_chain"), i, step)
        collect(datadir, config, json_object_get(step, "dict"), out, &n);
    json_decref(root);
    if (n == 0)
        die("%s names no dictionaries", path);
    return n;
}

static bool changes(const entry *e)
{
    return e->nkey != e->nvalue || memcmp(e->key, e->value, e->nkey * sizeof *e->key) != 0;
}

static uint8_t flags[CODE_POINTS];

/* Marks `bit` on the characters that can make a sentence change under these dictionaries. */
static void mark_gate(dict *const *ds, size_t n, unsigned bit, size_t *alone, size_t *phrases)
{
    static bool changes_alone[CODE_POINTS];
    memset(changes_alone, 0, sizeof changes_alone);
    *alone = *phrases = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ds[i]->n; j++) {
            const entry *e = &ds[i]->e[j];
            if (e->nkey == 1 && changes(e) && !changes_alone[e->key[0]]) {
                changes_alone[e->key[0]] = true;
                flags[e->key[0]] |= bit;
                ++*alone;
            }
        }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ds[i]->n; j++) {
            const entry *e = &ds[i]->e[j];
            if (e->nkey < 2 || !changes(e))
                continue;
            bool caught = false;
            for (size_t k = 0; k < e->nkey && !caught; k++)
                caught = changes_alone[e->key[k]];
            if (caught)
                continue;
            /* any character of the key would do; the one that changes is the rarest in text
             * that does not change */
            size_t k = 0;
            while (k < e->nkey && k < e->nvalue && e->key[k] == e->value[k])
                k++;
            flags[e->key[k < e->nkey ? k : e->nkey - 1]] |= bit;
            ++*phrases;
        }
}

/* Whether every entry of these dictionaries has as many characters in the value OpenCC writes
 * (the first) as in its key. */
static bool keeps_length(dict *const *ds, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ds[i]->n; j++)
            if (ds[i]->e[j].nkey != ds[i]->e[j].nvalue)
                return false;
    return true;
}

/* Characters a conversion changes on their own and never writes. */
static size_t mark_script(dict *const *ds, size_t n, unsigned bit)
{
    static bool written[CODE_POINTS];
    memset(written, 0, sizeof written);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ds[i]->nwritten; j++)
            written[ds[i]->written[j]] = true;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ds[i]->n; j++) {
            const entry *e = &ds[i]->e[j];
            if (e->nkey == 1 && changes(e) && !written[e->key[0]] && !(flags[e->key[0]] & bit)) {
                flags[e->key[0]] |= bit;
                count++;
            }
        }
    return count;
}

/* Every boundary character is in no key and no value of any dictionary, or the build fails. */
static size_t mark_boundaries(void)
{
    uint32_t cps[sizeof boundary_chars];
    size_t n = decode(boundary_chars, sizeof boundary_chars - 1, cps);
    cps[n++] = 0; /* OpenCC stops at NUL, so the stage never passes one across */
    for (size_t i = 0; i < n; i++)
        flags[cps[i]] |= ZHX_CHAR_BOUNDARY;
    for (size_t i = 0; i < ndicts; i++) {
        const dict *d = &dicts[i];
        for (size_t j = 0; j < d->n; j++)
            for (size_t k = 0; k < d->e[j].nkey; k++)
                if (flags[d->e[j].key[k]] & ZHX_CHAR_BOUNDARY)
                    die("%s: boundary character U+%04X occurs in a key; remove it from "
                        "boundary_chars, or gated conversion would differ from OpenCC's",
                        d->file, (unsigned)d->e[j].key[k]);
        for (size_t j = 0; j < d->nwritten; j++)
            if (flags[d->written[j]] & ZHX_CHAR_BOUNDARY)
                die("%s: boundary character U+%04X occurs in a value; remove it from "
                    "boundary_chars",
                    d->file, (unsigned)d->written[j]);
    }
    return n;
}

static void print_table(void)
{
    enum { NINDEX = CODE_POINTS >> ZHX_GATE_SHIFT };
    static uint16_t index[NINDEX];
    static uint8_t blocks[NINDEX * ZHX_GATE_BLOCK];
    size_t nblocks = 0;
    for (size_t b = 0; b < NINDEX; b++) {
        const uint8_t *block = flags + b * ZHX_GATE_BLOCK;
        size_t k = 0;
        while (k < nblocks && memcmp(blocks + k * ZHX_GATE_BLOCK, block, ZHX_GATE_BLOCK) != 0)
            k++;
        if (k == nblocks)
            memcpy(blocks + nblocks++ * ZHX_GATE_BLOCK, block, ZHX_GATE_BLOCK);
        if (k > UINT16_MAX)
            die("too many distinct blocks");
        index[b] = (uint16_t)k;
    }
    printf("const uint16_t zhx_gate_index[%u] = {", NINDEX);
    for (size_t i = 0; i < NINDEX; i++)
        printf("%s%u,", i % 16 ? " " : "\n    ", index[i]);
    printf("\n};\n\nconst uint8_t zhx_gate_blocks[%zu] = {", nblocks * ZHX_GATE_BLOCK);
    for (size_t i = 0; i < nblocks * ZHX_GATE_BLOCK; i++)
        printf("%s%u,", i % 24 ? " " : "\n    ", blocks[i]);
    printf("\n};\n");
}

/* Prints the Darts copy (.ocd) of dicts[i], built by opencc_dict from its text; false when
 * this OpenCC was built without Darts and cannot write one. */
static bool print_darts(size_t i)
{
    dict *d = &dicts[i];
    char path[64];
    snprintf(path, sizeof path, "%s/%zu.ocd", tmpdir, i + 1);
    if (!opencc_dict(d->text, "text", path, "ocd"))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s: %s", path, strerror(errno));
    printf("static const unsigned char darts_%zu[] = {", i);
    size_t size = 0;
    for (int c; (c = getc(f)) != EOF; size++)
        printf("%s%d,", size % 24 ? " " : "\n    ", c);
    fclose(f);
    if (size == 0)
        die("opencc_dict wrote an empty %s", path);
    printf("\n};\n\n");
    d->darts = true;
    return true;
}

/* Turns every dictionary of a configuration into the Darts type; the file names stay, for
 * core/opencc_open.c to find their copies by. */
static void to_darts(json_t *node)
{
    size_t i;
    const char *key;
    json_t *value;
    if (json_is_array(node))
        json_array_foreach(node, i, value) to_darts(value);
    if (!json_is_object(node))
        return;
    if (json_object_get(node, "file"))
        json_object_set_new(node, "type", json_string("ocd"));
    json_object_foreach(node, key, value) to_darts(value);
}

/* Prints `json` as a C string literal. */
static void print_literal(const char *json)
{
    putchar('"');
    for (const char *p = json; *p; p++) {
        if (*p == '"' || *p == '\\')
            putchar('\\');
        putchar(*p);
    }
    putchar('"');
}

/* Prints the Darts copies of the dictionaries the conversions use, and each conversion's
 * configuration rewritten to read them (NULL for a conversion one of whose dictionaries has
 * no copy). */
static void print_darts_tables(const char *datadir)
{
    size_t ndarts = 0;
    for (size_t i = 0; i < ndicts; i++)
        if (dicts[i].used)
            ndarts += print_darts(i);
    printf("const zhx_darts_dict zhx_darts_dicts[] = {\n");
    for (size_t i = 0; i < ndicts; i++)
        if (dicts[i].darts)
            printf("    {\"%s\", darts_%zu, sizeof darts_%zu},\n", dicts[i].file, i, i);
    printf("    {NULL, NULL, 0},\n};\nconst size_t zhx_darts_ndicts = %zu;\n\n", ndarts);
    printf("const zhx_darts_config zhx_darts_configs[] = {\n");
    for (size_t c = 0; c < sizeof conversions / sizeof conversions[0]; c++) {
        dict *ds[DICTS_MAX];
        size_t n = config_dicts(datadir, conversions[c].config, ds), with = 0;
        for (size_t i = 0; i < n; i++)
            with += ds[i]->darts;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", datadir, conversions[c].config);
        json_t *root = json_load_file(path, 0, NULL);
        if (!root)
            die("cannot read %s", path);
        to_darts(root);
        char *json = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (!json)
            die("out of memory");
        printf("    {\"%s\", ", conversions[c].config);
        if (with == n)
            print_literal(json);
        else
            printf("NULL");
        printf("},\n");
        free(json);
        json_decref(root);
    }
    printf("};\nconst size_t zhx_darts_nconfigs = %zu;\n",
           sizeof conversions / sizeof conversions[0]);
}

int main(int argc, char **argv)
{
    if (argc != 2)
        die("usage: gen_opencc_gate OPENCC_DATA_DIR");
    const char *datadir = argv[1];
    if (!mkdtemp(tmpdir))
        die("cannot make a temporary folder: %s", strerror(errno));
    atexit(cleanup);

    printf("/* generated by tools/gen_opencc_gate.c from the OpenCC dictionaries in %s;\n"
           " * do not edit. See core/opencc_gate.h.\n *\n",
           datadir);
    unsigned keeping = 0;
    for (size_t c = 0; c < sizeof conversions / sizeof conversions[0]; c++) {
        dict *ds[DICTS_MAX];
        size_t n = config_dicts(datadir, conversions[c].config, ds), alone, phrases;
        mark_gate(ds, n, conversions[c].gate, &alone, &phrases);
        for (size_t i = 0; i < n; i++)
            ds[i]->used = true;
        if (keeps_length(ds, n))
            keeping |= conversions[c].gate;
        printf(" * %s: %zu characters change alone, %zu phrases change without one of them;\n"
               " *   dictionaries:",
               conversions[c].config, alone, phrases);
        for (size_t i = 0; i < n; i++)
            printf(" %s", ds[i]->file);
        printf("\n");
    }
    dict *ts[DICTS_MAX], *st[DICTS_MAX];
    size_t nts = config_dicts(datadir, "t2s.json", ts), nst = config_dicts(datadir, "s2t.json", st);
    size_t trad = mark_script(ts, nts, ZHX_CHAR_TRADITIONAL);
    size_t simp = mark_script(st, nst, ZHX_CHAR_SIMPLIFIED);
    size_t nbound = mark_boundaries();
    printf(" * script evidence: %zu Traditional-only and %zu Simplified-only characters;\n"
           " * %zu boundary characters, none in any key or value.\n */\n"
           "#include \"opencc_gate.h\"\n\n"
           "const unsigned zhx_gate_keeps_length = %u;\n\n",
           trad, simp, nbound, keeping);
    print_table();
    printf("\n");
    print_darts_tables(datadir);
    for (size_t i = 0; i < ndicts; i++) {
        for (size_t j = 0; j < dicts[i].n; j++) {
            free(dicts[i].e[j].key);
            free(dicts[i].e[j].value);
        }
        free(dicts[i].e);
        free(dicts[i].written);
        free(dicts[i].file);
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
