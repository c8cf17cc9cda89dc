/* zhx-eval: scores zhx's records against the records a person wrote down for each corpus
 * document, and prints the table.
 *
 *   zhx-eval [--zhx PATH] [--misses] DIR...
 *
 * For every document DIR/.../NAME.EXT that has a spec NAME.expected.spec.jsonl beside it,
 * runs `zhx extract` on it (with the options of NAME.args, if any) and compares:
 *
 *   targets  a record found matches a spec record when value, unit and op are equal and the
 *            indicators overlap (one holds the other, or they share a run of characters at
 *            least half as long as the shorter). Each spec record matches at most one record.
 *            Precision is matched / found, recall matched / specified. "exact" counts the
 *            matches whose other specified fields (year, kind, value_max, from, placeholder,
 *            approx, deadline) are equal too.
 *   tasks    a task found matches a spec task when their titles overlap the same way.
 *
 * A spec line is a JSON object with "type" ("target" or "task") and the fields that matter:
 *   {"type":"target","indicator":"婴儿死亡率","op":"<=","value":6,"unit":"‰","year":2022}
 *   {"type":"task","title":"推进村级基本药物制度"}
 * A spec with no task lines does not score tasks (the column shows "-"). The spec is written
 * by hand: it says what the document holds, not what zhx happens to print.
 *
 * With --misses, each document's row is followed by what kept its score down: the spec
 * records no record matched ("missed"), those matched but not exactly (with the record's
 * fields), and the records that matched nothing ("extra").
 *
 * Exit status: 0 when every document could be run and its spec read, 1 otherwise. */
#include <dirent.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SPEC_SUFFIX ".expected.spec.jsonl"

typedef struct tally {
    size_t found, specified, matched, exact;
} tally;

typedef struct score {
    tally targets, tasks;
    bool has_tasks;
} score;

typedef struct paths {
    char **v;
    size_t n, cap;
} paths;

static void paths_add(paths *p, const char *s)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->v = realloc(p->v, p->cap * sizeof *p->v);
        if (!p->v) {
            perror("zhx-eval");
            exit(1);
        }
    }
    p->v[p->n++] = strdup(s);
}

static int path_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every spec file under `dir`, recursively. */
static void find_specs(const char *dir, paths *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            find_specs(path, out);
        else if (ends_with(path, SPEC_SUFFIX))
            paths_add(out, path);
    }
    closedir(d);
}

/* The document a spec belongs to: the file NAME.* beside it that is neither an expected
 * file nor NAME.args. */
static bool document_of(const char *spec, char *doc, size_t size)
{
    size_t n = strlen(spec) - strlen(SPEC_SUFFIX);
    const char *slash = strrchr(spec, '/');
    size_t dirlen = slash ? (size_t)(slash - spec) : 0;
    char dir[4096], base[1024];
    snprintf(dir, sizeof dir, "%.*s", (int)dirlen, spec);
    snprintf(base, sizeof base, "%.*s.", (int)(n - dirlen - (slash != NULL)),
             spec + dirlen + (slash != NULL));
    DIR *d = opendir(dirlen ? dir : ".");
    if (!d)
        return false;
    struct dirent *e;
    bool found = false;
    while (!found && (e = readdir(d))) {
        if (strncmp(e->d_name, base, strlen(base)) != 0 || strstr(e->d_name, ".expected.") ||
            ends_with(e->d_name, ".args"))
            continue;
        int w = snprintf(doc, size, "%s%s%s", dir, dirlen ? "/" : "", e->d_name);
        found = w > 0 && (size_t)w < size;
    }
    closedir(d);
    return found;
}

/* Reads JSON Lines from `f` into an array (NULL if a line is not JSON). */
static json_t *read_lines(FILE *f, const char *what)
{
    json_t *all = json_array();
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    for (unsigned lineno = 1; (n = getline(&line, &cap, f)) > 0; lineno++) {
        if (n == 1 && line[0] == '\n')
            continue;
        json_error_t err;
        json_t *rec = json_loadb(line, (size_t)n, 0, &err);
        if (!json_is_object(rec)) {
            fprintf(stderr, "zhx-eval: %s:%u: %s\n", what, lineno, err.text);
            json_decref(rec);
            json_decref(all);
            free(line);
            return NULL;
        }
        json_array_append_new(all, rec);
    }
    free(line);
    return all;
}

static json_t *read_spec(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return NULL;
    }
    json_t *spec = read_lines(f, path);
    fclose(f);
    return spec;
}

/* Runs `zhx extract` on `doc`, with the options of its .args file. */
static json_t *run_zhx(const char *zhx, const char *doc)
{
    char args[1024] = "", args_path[4096];
    const char *dot = strrchr(doc, '.');
    snprintf(args_path, sizeof args_path, "%.*s.args", (int)(dot ? dot - doc : (long)strlen(doc)),
             doc);
    FILE *af = fopen(args_path, "r");
    if (af) {
        if (!fgets(args, sizeof args, af))
            args[0] = '\0';
        args[strcspn(args, "\n")] = '\0';
        fclose(af);
    }
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' extract %s '%s'", zhx, args, doc);
    FILE *p = popen(cmd, "r");
    if (!p) {
        perror("popen");
        return NULL;
    }
    json_t *out = read_lines(p, doc);
    int status = pclose(p);
    if (status != 0 && status != 256) /* exit status 1 says an input failed: still scored */
        fprintf(stderr, "zhx-eval: %s exited with status %d\n", cmd, status);
    return out;
}

/* ---- matching ------------------------------------------------------------------------- */

/* Code points of a UTF-8 string, at most `max`, full-width forms as their ASCII ones: a spec
 * written by hand may set a bracket either way (细颗粒物(PM2.5) for zhx's 细颗粒物（PM2.5）). */
static size_t code_points(const char *s, unsigned *out, size_t max)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n < max;) {
        unsigned c = *p, w = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        unsigned cp = w == 1 ? c : c & (0xFF >> (w + 1));
        for (unsigned k = 1; k < w && p[k]; k++)
            cp = cp << 6 | (p[k] & 0x3F);
        out[n++] = cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFEE0 : cp;
        p += w;
    }
    return n;
}

/* One indicator holds the other, or they share a run at least half as long as the shorter. */
static bool overlap(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b;
    unsigned x[128], y[128];
    size_t n = code_points(a, x, 128), m = code_points(b, y, 128), best = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < m; j++) {
            size_t k = 0;
            while (i + k < n && j + k < m && x[i + k] == y[j + k])
                k++;
            if (k > best)
                best = k;
        }
    size_t shorter = n < m ? n : m;
    return best == shorter || (best >= 2 && 2 * best >= shorter);
}

static bool same_value(json_t *a, json_t *b)
{
    if (json_is_null(a) || json_is_null(b) || !a || !b)
        return (!a || json_is_null(a)) && (!b || json_is_null(b));
    return json_is_number(a) && json_is_number(b) && json_number_value(a) == json_number_value(b);
}

static const char *str(json_t *rec, const char *key)
{
    return json_string_value(json_object_get(rec, key));
}

static bool same_string(json_t *spec, json_t *rec, const char *key)
{
    const char *a = str(spec, key), *b = str(rec, key);
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool target_matches(json_t *spec, json_t *rec)
{
    return same_value(json_object_get(spec, "value"), json_object_get(rec, "value")) &&
           same_string(spec, rec, "unit") && same_string(spec, rec, "op") &&
           overlap(str(spec, "indicator"), str(rec, "indicator"));
}

/* The spec's other fields, where it gives them, are equal. */
static bool target_exact(json_t *spec, json_t *rec)
{
    static const char *const numbers[] = {"year", "value_max", "from"};
    static const char *const strings[] = {"kind", "deadline"};
    static const char *const flags[] = {"placeholder", "approx"};
    for (size_t i = 0; i < 3; i++)
        if (json_object_get(spec, numbers[i]) &&
            !same_value(json_object_get(spec, numbers[i]), json_object_get(rec, numbers[i])))
            return false;
    for (size_t i = 0; i < 2; i++)
        if (json_object_get(spec, strings[i]) && !same_string(spec, rec, strings[i]))
            return false;
    for (size_t i = 0; i < 2; i++) {
        json_t *want = json_object_get(spec, flags[i]);
        if (want && json_is_true(want) != json_is_true(json_object_get(rec, flags[i])))
            return false;
    }
    return true;
}

static bool task_matches(json_t *spec, json_t *rec)
{
    return overlap(str(spec, "title"), str(rec, "title"));
}

static bool of_type(json_t *rec, const char *type)
{
    const char *t = str(rec, "type");
    return t && strcmp(t, type) == 0;
}

/* Prints `rec`'s fields that say what it is, after `what`. */
static void report(const char *what, json_t *rec)
{
    static const char *const keys[] = {"indicator", "op",       "value", "unit", "from",
                                       "year",      "deadline", "kind",  "title"};
    json_t *brief = json_object();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(rec, keys[i]);
        if (v && !json_is_null(v))
            json_object_set(brief, keys[i], v);
    }
    char *text = json_dumps(brief, JSON_COMPACT | JSON_PRESERVE_ORDER);
    printf("    %-8s %s\n", what, text ? text : "?");
    free(text);
    json_decref(brief);
}

/* Matches the spec records of `type` one to one against the records found, first come first
 * served in text order; with `misses`, reports what did not match, or not exactly. */
static tally score_type(json_t *spec, json_t *found, const char *type,
                        bool (*matches)(json_t *, json_t *), bool (*exact)(json_t *, json_t *),
                        bool misses)
{
    tally t = {0};
    size_t n = json_array_size(found);
    bool *used = calloc(n ? n : 1, sizeof *used);
    for (size_t j = 0; j < n; j++)
        t.found += of_type(json_array_get(found, j), type);
    for (size_t i = 0; i < json_array_size(spec); i++) {
        json_t *s = json_array_get(spec, i);
        if (!of_type(s, type))
            continue;
        t.specified++;
        size_t j = 0;
        for (; j < n; j++) {
            json_t *r = json_array_get(found, j);
            if (used[j] || !of_type(r, type) || !matches(s, r))
                continue;
            used[j] = true;
            t.matched++;
            bool same = !exact || exact(s, r);
            t.exact += same;
            if (misses && !same) {
                report("inexact", s);
                report("got", r);
            }
            break;
        }
        if (misses && j == n)
            report("missed", s);
    }
    for (size_t j = 0; misses && j < n; j++)
        if (!used[j] && of_type(json_array_get(found, j), type))
            report("extra", json_array_get(found, j));
    free(used);
    return t;
}

/* ---- the table ------------------------------------------------------------------------ */

static void add(tally *sum, const tally *t)
{
    sum->found += t->found;
    sum->specified += t->specified;
    sum->matched += t->matched;
    sum->exact += t->exact;
}

static void print_ratio(size_t num, size_t den)
{
    if (den)
        printf("  %5.3f", (double)num / (double)den);
    else
        printf("  %5s", "-");
}

static void print_row(const char *name, const score *s)
{
    printf("%-52s %4zu %4zu %4zu %4zu", name, s->targets.specified, s->targets.found,
           s->targets.matched, s->targets.exact);
    print_ratio(s->targets.matched, s->targets.found);
    print_ratio(s->targets.matched, s->targets.specified);
    if (s->has_tasks) {
        printf("  %4zu %4zu %4zu", s->tasks.specified, s->tasks.found, s->tasks.matched);
        print_ratio(s->tasks.matched, s->tasks.found);
        print_ratio(s->tasks.matched, s->tasks.specified);
    } else {
        printf("  %4s %4s %4s  %5s  %5s", "-", "-", "-", "-", "-");
    }
    printf("\n");
}

static void default_zhx(const char *argv0, char *out, size_t size)
{
    const char *slash = strrchr(argv0, '/');
    snprintf(out, size, "%.*s%szhx", slash ? (int)(slash - argv0) : 0, argv0, slash ? "/" : "");
}

int main(int argc, char **argv)
{
    char zhx[4096];
    default_zhx(argv[0], zhx, sizeof zhx);
    paths specs = {0};
    bool misses = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--zhx") == 0 && i + 1 < argc)
            snprintf(zhx, sizeof zhx, "%s", argv[++i]);
        else if (strcmp(argv[i], "--misses") == 0)
            misses = true;
        else
            find_specs(argv[i], &specs);
    }
    if (!specs.n) {
        fprintf(stderr, "usage: zhx-eval [--zhx PATH] [--misses] DIR...  (no %s files found)\n",
                SPEC_SUFFIX);
        return 1;
    }
    qsort(specs.v, specs.n, sizeof *specs.v, path_cmp);
    printf("%-52s %4s %4s %4s %4s  %5s  %5s  %4s %4s %4s  %5s  %5s\n", "document", "spec", "got",
           "ok", "exact", "P", "R", "task", "got", "ok", "P", "R");
    score total = {{0}, {0}, false};
    int status = 0;
    for (size_t i = 0; i < specs.n; i++) {
        char doc[4096];
        json_t *spec = read_spec(specs.v[i]), *found = NULL;
        if (!spec || !document_of(specs.v[i], doc, sizeof doc) || !(found = run_zhx(zhx, doc))) {
            fprintf(stderr, "zhx-eval: %s: cannot score\n", specs.v[i]);
            status = 1;
        } else {
            score s = {score_type(spec, found, "target", target_matches, target_exact, false),
                       score_type(spec, found, "task", task_matches, NULL, false), false};
            s.has_tasks = s.tasks.specified > 0;
            print_row(doc, &s);
            if (misses) {
                score_type(spec, found, "target", target_matches, target_exact, true);
                if (s.has_tasks)
                    score_type(spec, found, "task", task_matches, NULL, true);
            }
            add(&total.targets, &s.targets);
            if (s.has_tasks) {
                add(&total.tasks, &s.tasks);
                total.has_tasks = true;
            }
        }
        json_decref(spec);
        json_decref(found);
        free(specs.v[i]);
    }
    free(specs.v);
    print_row("total", &total);
    return status;
}
