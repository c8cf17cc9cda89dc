/* zhx: arguments, help, and the choice of subcommand. */
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
    "  normalize   print the cleaned text: plain text for one input, otherwise one JSON\n"
    "              doc record per input with the text in its \"text\" field\n"
    "  extract     print target and task records, then one doc record per input\n"
    "              (or one error record for an input that could not be processed)\n"
    "  rules       check, list or test rule files (zhx rules --help)\n"
    "\n"
    "INPUT is a file, a folder (read recursively, in name order) or - for standard input;\n"
    "with no INPUT, standard input is read as one document.\n"
    "\n"
    "Options:\n"
    "  --convert MODE      auto (default: convert the paragraphs written in Traditional\n"
    "                      script), t2s, tw2s, tw2sp, hk2s, or none\n"
    "  --punct MODE        cjk (default: half-width , : ; ( ) ! ? between Han characters\n"
    "                      become full-width) or keep\n"
    "  --encoding NAME     read inputs in this charset (GB18030, Big5, UTF-16LE, ...);\n"
    "                      default: detect it\n"
    "  --no-boilerplate    keep site headers, footers and notices\n"
    "  --repair            apply the opt-in phrase repairs (效劳 -> 服务, ...)\n"
    "  --explain           report every change: the stage, the rule and the raw byte range\n"
    "                      (change records in JSONL output; on standard error for plain text)\n"
    "  --jsonl             normalize: write JSONL even for a single input\n"
    "  --rules DIR         also load the *.rules files of DIR (repeatable); a rule with the\n"
    "                      name of a shipped one replaces it\n"
    "  --no-builtin-rules  load only the rules given with --rules\n"
    "  --max-doc-bytes N   refuse documents larger than N bytes with an error record\n"
    "                      (default 268435456; suffixes K, M, G)\n"
    "  --no-jit            match without PCRE2's JIT compiler (slower; for testing)\n"
    "  -h, --help          show this help\n"
    "  --version           show the version\n"
    "\n"
    "Exit status: 0 when every input was processed, 1 when some inputs produced error\n"
    "records, 2 for bad usage or broken rule files.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "zhx: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s(zhx --help for more)\n", usage_text);
    return EXIT_USAGE;
}

/* "64M" -> 67108864. */
static bool parse_size(const char *s, size_t *out)
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
    if (*end || v > SIZE_MAX / mult)
        return false;
    *out = (size_t)(v * mult);
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
    OPT_RULES,
    OPT_NO_BUILTIN,
    OPT_MAX_DOC,
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
    {"rules", required_argument, NULL, OPT_RULES},
    {"no-builtin-rules", no_argument, NULL, OPT_NO_BUILTIN},
    {"max-doc-bytes", required_argument, NULL, OPT_MAX_DOC},
    {"no-jit", no_argument, NULL, OPT_NO_JIT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

/* Applies one option; returns -1 to go on, or an exit status. */
static int apply_option(cli_options *opt, int c, const char *arg)
{
    switch (c) {
    case OPT_CONVERT:
        if (!zhx_convert_parse(arg, &opt->lib.convert))
            return usage_error("--convert takes auto, t2s, tw2s, tw2sp, hk2s or none, not '%s'",
                               arg);
        break;
    case OPT_PUNCT:
        if (!zhx_punct_parse(arg, &opt->lib.punct))
            return usage_error("--punct takes cjk or keep, not '%s'", arg);
        break;
    case OPT_ENCODING:
        opt->lib.encoding = arg;
        break;
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
    case OPT_RULES: {
        const char **dirs = realloc(opt->rule_dirs, (opt->nrule_dirs + 1) * sizeof *dirs);
        if (!dirs)
            return usage_error("%s", "out of memory");
        dirs[opt->nrule_dirs++] = arg;
        opt->rule_dirs = dirs;
        break;
    }
    case OPT_NO_BUILTIN:
        opt->builtin_rules = false;
        break;
    case OPT_MAX_DOC:
        if (!parse_size(arg, &opt->max_doc_bytes) || opt->max_doc_bytes == 0)
            return usage_error("--max-doc-bytes takes a size such as 64M, not '%s'", arg);
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

int cli_parse_options(int argc, char **argv, cli_options *opt)
{
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "+h", long_options, NULL)) != -1) {
        int status = apply_option(opt, c, optarg);
        if (status >= 0)
            return status;
    }
    opt->inputs = argv + optind;
    opt->ninputs = (size_t)(argc - optind);
    return -1;
}

static void options_init(cli_options *opt)
{
    memset(opt, 0, sizeof *opt);
    zhx_options_init(&opt->lib);
    opt->builtin_rules = true;
    opt->max_doc_bytes = (size_t)256 * 1024 * 1024;
}

static int run_command(cli_options *opt, int argc, char **argv)
{
    if (opt->command == CMD_RULES)
        return cli_rules(argc, argv, opt);
    int status = cli_parse_options(argc, argv, opt);
    if (status >= 0)
        return status;
    zhx_rules *rules = cli_load_rules(opt, NULL, 0);
    if (!rules)
        return EXIT_USAGE;
    status = cli_run(opt, rules);
    zhx_rules_free(rules);
    return status;
}

int main(int argc, char **argv)
{
    cli_options opt;
    options_init(&opt);
    if (argc < 2)
        return usage_error("%s", "missing command");
    const char *cmd = argv[1];
    int status;
    if (strcmp(cmd, "normalize") == 0 || strcmp(cmd, "extract") == 0 || strcmp(cmd, "rules") == 0) {
        opt.command = cmd[0] == 'n' ? CMD_NORMALIZE : cmd[0] == 'e' ? CMD_EXTRACT : CMD_RULES;
        status = run_command(&opt, argc - 1, argv + 1);
    } else if (cmd[0] == '-') {
        status = cli_parse_options(argc, argv, &opt);
        if (status < 0)
            status = usage_error("%s", "missing command");
    } else {
        status = usage_error("unknown command '%s'", cmd);
    }
    free(opt.rule_dirs);
    return status;
}
