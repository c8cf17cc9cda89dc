/* Options of normalize and extract: --help, and the parser that fills cli_options. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] = "usage: zhx normalize [options] [INPUT...]\n"
                                 "       zhx extract   [options] [INPUT...]\n"
                                 "       zhx rules check|list|test [--rules DIR]... [DIR...]\n"
                                 "       zhx --help | --version\n";

static const char help_text[] =
    "zhx cleans scraped Chinese policy documents and extracts their numeric targets and\n"
    "task lists as JSON Lines.\n"
    "\n"
    "Commands:\n"
    "  normalize   print the cleaned text: plain text for a single file (or compressed\n"
    "              file) or standard input; otherwise (folders, archives, several inputs,\n"
    "              --jsonl-in, --jsonl) one JSON doc record per document with the text in\n"
    "              its \"text\" field\n"
    "  extract     print target and task records, then one doc record per document\n"
    "              (or one error record for a document that could not be processed)\n"
    "  rules       check, list or test rule files (zhx rules --help)\n"
    "\n"
    "INPUT is a file, a folder (read recursively, in name order; symlink loops are reported,\n"
    "not followed), an archive, or - for standard input (one document); with no INPUT and\n"
    "no --files-from, standard input is read. Output comes in input order, also with -j.\n"
    "\n"
    "Archives are recognised by their content, not their name: tar (plain, .gz, .bz2, .xz,\n"
    ".zst), zip and 7z. Each member is a document named ARCHIVE!PATH/IN/ARCHIVE; member\n"
    "names are only names, never paths written to. An archive inside an archive is opened\n"
    "too (OUTER!INNER!PATH), one level deep; deeper ones are error records. A single\n"
    "compressed file (report.txt.gz) is one document. A broken member, a truncated or\n"
    "corrupt archive, an oversized member: each is an error record, and the run goes on.\n"
    "\n"
    "Inputs:\n"
    "  --jsonl-in          read every INPUT (default: standard input) as JSON Lines, one\n"
    "                      document a line: {\"id\":...,\"text\":...} or "
    "{\"id\":...,\"path\":...};\n"
    "                      each line's records come out before the next line's, so zhx can\n"
    "                      be a mapper in Hadoop Streaming, Spark rdd.pipe() or GNU parallel\n"
    "                      --pipe. A bad line is an error record named FILE:LINE (-:LINE for\n"
    "                      standard input); blank lines are skipped\n"
    "  --files-from FILE   also read the inputs named in FILE, one a line (- for standard\n"
    "                      input), after the INPUT arguments\n"
    "  -0, --null          names in --files-from are separated by NUL bytes (find -print0)\n"
    "  --encoding NAME     read inputs in this charset (GB18030, Big5, UTF-16LE, ...);\n"
    "                      default: detect it\n"
    "\n"
    "Processing:\n"
    "  --convert MODE      auto (default: convert the paragraphs written in Traditional\n"
    "                      script), t2s, tw2s, tw2sp, hk2s, or none\n"
    "  --punct MODE        cjk (default: half-width , : ; ( ) ! ? between Han characters\n"
    "                      become full-width) or keep\n"
    "  --no-boilerplate    keep site headers, footers and notices\n"
    "  --repair            apply the opt-in phrase repairs (效劳 -> 服务, ...)\n"
    "  --explain           report every change: the stage, the rule and the raw byte range\n"
    "                      (change records in JSONL output; on standard error for plain text)\n"
    "  --rules DIR         also load the *.rules files of DIR (repeatable); a rule with the\n"
    "                      name of a shipped one replaces it\n"
    "  --no-builtin-rules  load only the rules given with --rules\n"
    "  --no-jit            match without PCRE2's JIT compiler (slower; for testing)\n"
    "\n"
    "Output:\n"
    "  --jsonl             normalize: write JSONL even for a single document\n"
    "\n"
    "Threads and limits:\n"
    "  -j, --jobs N        process documents on N worker threads (default: one per core),\n"
    "                      beside a thread that reads the inputs; -j 1 does everything on\n"
    "                      one thread. The output is byte for byte the output of -j 1\n"
    "  --max-doc-bytes N   refuse documents larger than N bytes with an error record, without\n"
    "                      reading them whole (default 256M; suffixes K, M, G)\n"
    "  --max-archive-bytes N\n"
    "                      stop reading an archive once N bytes have come out of it, with an\n"
    "                      error record, against zip bombs (default 16G; suffixes K, M, G)\n"
    "  At most 64 documents per thread and about 64 MiB of them are in flight at once (a\n"
    "  larger document alone).\n"
    "\n"
    "Progress:\n"
    "  --progress          show a progress line on standard error: documents, MB, MB/s, ETA\n"
    "                      (when the input size is known) and errors so far; shown by\n"
    "                      default when standard error is a terminal and standard output\n"
    "                      is not, never when standard error is a pipe or a file\n"
    "  --no-progress       never show it\n"
    "  --stats             print a summary on standard error at the end: documents, errors,\n"
    "                      bytes, MB/s, wall time, peak memory (RSS)\n"
    "\n"
    "  -h, --help          show this help\n"
    "  --version           show the version\n"
    "\n"
    "Exit status: 0 when every document was processed, 1 when some produced error records\n"
    "(or the output could not be written), 2 for bad usage or broken rule files, 130 after\n"
    "Ctrl-C (SIGINT) and 143 after SIGTERM: the run stops reading, and standard output ends\n"
    "with the last whole document written, never with a partial line.\n";

int cli_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "zhx: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s(zhx --help for more)\n", usage_text);
    return EXIT_USAGE;
}

/* "64M" -> 67108864. */
static bool parse_size(const char *s, uint64_t *out)
{
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return false;
    unsigned long long mult = 1;
    if (*end == 'K' || *end == 'k')
        mult = 1024ULL, end++;
    else if (*end == 'M' || *end == 'm')
        mult = 1024ULL * 1024, end++;
    else if (*end == 'G' || *end == 'g')
        mult = 1024ULL * 1024 * 1024, end++;
    if (*end || v == 0 || v > UINT64_MAX / mult)
        return false;
    *out = v * mult;
    return true;
}

enum {
    OPT_CONVERT = 256,
    OPT_PUNCT,
    OPT_ENCODING,
    OPT_NO_BOILERPLATE,
    OPT_REPAIR,
    OPT_EXPLAIN,
    OPT_JSONL,
    OPT_JSONL_IN,
    OPT_FILES_FROM,
    OPT_RULES,
    OPT_NO_BUILTIN,
    OPT_MAX_DOC,
    OPT_MAX_ARCHIVE,
    OPT_PROGRESS,
    OPT_NO_PROGRESS,
    OPT_STATS,
    OPT_NO_JIT,
    OPT_VERSION
};

static const struct option long_options[] = {
    {"convert", required_argument, NULL, OPT_CONVERT},
    {"punct", required_argument, NULL, OPT_PUNCT},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"no-boilerplate", no_argument, NULL, OPT_NO_BOILERPLATE},
    {"repair", no_argument, NULL, OPT_REPAIR},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"jsonl", no_argument, NULL, OPT_JSONL},
    {"jsonl-in", no_argument, NULL, OPT_JSONL_IN},
    {"files-from", required_argument, NULL, OPT_FILES_FROM},
    {"null", no_argument, NULL, '0'},
    {"jobs", required_argument, NULL, 'j'},
    {"rules", required_argument, NULL, OPT_RULES},
    {"no-builtin-rules", no_argument, NULL, OPT_NO_BUILTIN},
    {"max-doc-bytes", required_argument, NULL, OPT_MAX_DOC},
    {"max-archive-bytes", required_argument, NULL, OPT_MAX_ARCHIVE},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"stats", no_argument, NULL, OPT_STATS},
    {"no-jit", no_argument, NULL, OPT_NO_JIT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

void cli_options_init(cli_options *opt)
{
    memset(opt, 0, sizeof *opt);
    zhx_options_init(&opt->lib);
    opt->builtin_rules = true;
    opt->max_doc_bytes = (size_t)256 * 1024 * 1024;
    opt->max_archive_bytes = (uint64_t)16 * 1024 * 1024 * 1024;
}

static int parse_jobs(cli_options *opt, const char *arg)
{
    char *end;
    errno = 0;
    long n = strtol(arg, &end, 10);
    if (errno || end == arg || *end || n < 1 || n > 1024)
        return cli_usage_error("-j takes a number of threads from 1 to 1024, not '%s'", arg);
    opt->jobs = (unsigned)n;
    return -1;
}

/* Applies one of the options that take a value, or a flag; returns -1 to go on, or an exit
 * status. */
static int apply_option(cli_options *opt, int c, const char *arg)
{
    uint64_t size;
    switch (c) {
    case OPT_CONVERT:
        if (!zhx_convert_parse(arg, &opt->lib.convert))
            return cli_usage_error("--convert takes auto, t2s, tw2s, tw2sp, hk2s or none, not '%s'",
                                   arg);
        break;
    case OPT_PUNCT:
        if (!zhx_punct_parse(arg, &opt->lib.punct))
            return cli_usage_error("--punct takes cjk or keep, not '%s'", arg);
        break;
    case OPT_ENCODING:
        opt->lib.encoding = arg;
        break;
    case OPT_FILES_FROM:
        opt->files_from = arg;
        break;
    case 'j':
        return parse_jobs(opt, arg);
    case OPT_RULES: {
        const char **dirs = realloc(opt->rule_dirs, (opt->nrule_dirs + 1) * sizeof *dirs);
        if (!dirs)
            return cli_usage_error("%s", "out of memory");
        dirs[opt->nrule_dirs++] = arg;
        opt->rule_dirs = dirs;
        break;
    }
    case OPT_MAX_DOC:
        if (!parse_size(arg, &size) || size > SIZE_MAX - 1)
            return cli_usage_error("--max-doc-bytes takes a size such as 64M, not '%s'", arg);
        opt->max_doc_bytes = (size_t)size;
        break;
    case OPT_MAX_ARCHIVE:
        if (!parse_size(arg, &opt->max_archive_bytes))
            return cli_usage_error("--max-archive-bytes takes a size such as 16G, not '%s'", arg);
        break;
    default:
        return -2; /* not an option with a value */
    }
    return -1;
}

/* Applies a flag (an option without a value); returns -1 to go on, or an exit status. */
static int apply_flag(cli_options *opt, int c)
{
    switch (c) {
    case OPT_NO_BOILERPLATE:
        opt->lib.boilerplate = false;
        break;
    case OPT_REPAIR:
        opt->lib.repair = true;
        break;
    case OPT_EXPLAIN:
        opt->lib.explain = true;
        break;
    case OPT_JSONL:
        opt->jsonl_out = true;
        break;
    case OPT_JSONL_IN:
        opt->jsonl_in = true;
        break;
    case '0':
        opt->null_names = true;
        break;
    case OPT_NO_BUILTIN:
        opt->builtin_rules = false;
        break;
    case OPT_PROGRESS:
        opt->progress = PROGRESS_ON;
        break;
    case OPT_NO_PROGRESS:
        opt->progress = PROGRESS_OFF;
        break;
    case OPT_STATS:
        opt->stats = true;
        break;
    case OPT_NO_JIT:
        opt->lib.no_jit = true;
        break;
    case 'h':
        fputs(usage_text, stdout);
        fputc('\n', stdout);
        fputs(help_text, stdout);
        return EXIT_ALL_OK;
    case OPT_VERSION:
        printf("zhx %s\n", ZHX_VERSION);
        return EXIT_ALL_OK;
    default:
        fprintf(stderr, "%s(zhx --help for more)\n", usage_text);
        return EXIT_USAGE;
    }
    return -1;
}

/* Standard input can be read once: as the list of names or as a document stream. */
static int check_stdin_use(const cli_options *opt)
{
    if (!opt->files_from || strcmp(opt->files_from, "-") != 0)
        return -1;
    for (size_t i = 0; i < opt->ninputs; i++)
        if (strcmp(opt->inputs[i], "-") == 0)
            return cli_usage_error("%s", "standard input cannot be both --files-from - and an "
                                         "INPUT");
    return -1;
}

int cli_parse_options(int argc, char **argv, cli_options *opt)
{
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "hj:0", long_options, NULL)) != -1) {
        int status = apply_option(opt, c, optarg);
        if (status == -2)
            status = apply_flag(opt, c);
        if (status >= 0)
            return status;
    }
    opt->inputs = argv + optind;
    opt->ninputs = (size_t)(argc - optind);
    return check_stdin_use(opt);
}
