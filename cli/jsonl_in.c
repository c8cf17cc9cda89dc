/* One line of a --jsonl-in stream: {"id":...,"text":...} carries the document, or
 * {"id":...,"path":...} names a file that holds it. A line that is not such an object is an
 * error record named after the line (FILE:LINE), and the stream goes on. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char expected[] = "expected {\"id\":...,\"text\":...} or {\"id\":...,\"path\":...}";

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* The record id: a string, an integer written in decimal, or `where` when there is none. */
static char *doc_id(json_t *id, const char *where)
{
    if (json_is_string(id))
        return strdup(json_string_value(id));
    if (json_is_integer(id)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(id));
        return strdup(buf);
    }
    return strdup(where);
}

/* What is wrong with the shape of a parsed line, or NULL if it is a document. */
static const char *shape_error(json_t *obj)
{
    json_t *id = json_object_get(obj, "id");
    json_t *text = json_object_get(obj, "text");
    json_t *path = json_object_get(obj, "path");
    if (!json_is_object(obj))
        return expected;
    if (id && !json_is_null(id) && !json_is_string(id) && !json_is_integer(id))
        return "\"id\" must be a string or an integer";
    if ((text != NULL) == (path != NULL))
        return expected;
    if (text && !json_is_string(text))
        return "\"text\" must be a string";
    if (path && !json_is_string(path))
        return "\"path\" must be a string";
    return NULL;
}

static void fill(json_t *obj, const char *where, const cli_options *opt, cli_doc *doc)
{
    json_t *text = json_object_get(obj, "text");
    json_t *path = json_object_get(obj, "path");
    doc->id = doc_id(json_object_get(obj, "id"), where);
    if (!doc->id) {
        cli_doc_set_error(doc, "out of memory", NULL);
    } else if (path) {
        cli_read_path(json_string_value(path), opt->max_doc_bytes, doc);
    } else {
        size_t len = json_string_length(text);
        doc->bytes = malloc(len + 1);
        if (!doc->bytes) {
            cli_doc_set_error(doc, "out of memory", NULL);
            return;
        }
        memcpy(doc->bytes, json_string_value(text), len);
        doc->bytes[len] = '\0';
        doc->len = len;
    }
}

bool cli_jsonl_doc(const char *line, size_t len, const char *where, const cli_options *opt,
                   cli_doc *doc)
{
    if (blank(line, len))
        return false;
    doc->member = true;
    json_error_t err;
    json_t *obj = json_loadb(line, len, JSON_ALLOW_NUL, &err);
    const char *wrong = obj ? shape_error(obj) : NULL;
    if (!obj || wrong) {
        /* named after the line, whatever id it may carry: the line is what to fix */
        char detail[256];
        if (obj)
            snprintf(detail, sizeof detail, "%s", wrong);
        else
            snprintf(detail, sizeof detail, "column %d: %s", err.column, err.text);
        doc->id = strdup(where);
        cli_doc_set_error(doc, "malformed JSONL line", detail);
    } else {
        fill(obj, where, opt, doc);
    }
    json_decref(obj);
    return true;
}
