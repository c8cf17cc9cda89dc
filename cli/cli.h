/* The zhx command line: options, inputs, the processing loop and the rules subcommand.
 * Everything that prints or exits lives here, never in the library. */
#ifndef ZHX_CLI_H
#define ZHX_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../include/zhx.h"

/* Exit statuses, as DESIGN.md gives them. */
enum {
    EXIT_ALL_OK = 0,
    EXIT_SOME_FAILED = 1, /* some inputs produced error records */
    EXIT_USAGE = 2        /* bad usage or broken rules */
};

typedef enum cli_command { CMD_NORMALIZE, CMD_EXTRACT, CMD_RULES } cli_command;

typedef struct cli_options {
    cli_command command;
    zhx_options lib;
    const char **rule_dirs;
    size_t nrule_dirs;
    bool builtin_rules;
    bool jsonl_out; /* normalize: JSONL even for one input */
    size_t max_doc_bytes;
    char **inputs;
    size_t ninputs;
} cli_options;

/* Parses the options after the command word (argv[0]); the remaining arguments become
 * opt->inputs. Returns -1 to go on, or an exit status (after --help, or a usage error). */
int cli_parse_options(int argc, char **argv, cli_options *opt);

/* One document as read from an input, or the reason it could not be read. */
typedef struct cli_doc {
    char *id;
    char *bytes; /* owned; NUL-terminated for convenience */
    size_t len;
    char *error, *detail; /* set when the input could not be read */
} cli_doc;

void cli_doc_free(cli_doc *doc);

/* Walks the inputs in order: files, folders (recursively, sorted by name), `-` for stdin. */
typedef struct cli_source cli_source;
cli_source *cli_source_new(const cli_options *opt);
/* Reads the next document into `doc`; false when there are no more. */
bool cli_source_next(cli_source *src, cli_doc *doc);
void cli_source_free(cli_source *src);

/* Runs `normalize` or `extract` over every input; returns the exit status. */
int cli_run(const cli_options *opt, const zhx_rules *rules);

/* `zhx rules check|list|test [DIR...]`; returns the exit status. */
int cli_rules(int argc, char **argv, cli_options *opt);

/* Loads the shipped rules and the user folders; prints the error and returns NULL if one is
 * broken. */
zhx_rules *cli_load_rules(const cli_options *opt, const char *const *extra, size_t nextra);

/* Prints a diagnostic the way compilers do: file:line:column: error: ..., the source line
 * and a caret under the column. */
void cli_print_diag(FILE *f, const zhx_diag *d);

#endif
