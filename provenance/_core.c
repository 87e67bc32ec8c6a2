/* The compiled text core: the per-word work of splitting, signing and the spelling census in one
 * pass of C a text, where Python's regex engine and one Python call a word spent most of a scan.
 *
 * Every function gives exactly what the plain Python it replaces gives (tests/test_fastpath.py holds
 * them equal on random and hostile text): the word patterns follow Python's `re` on `str` character
 * by character (\w is Py_UNICODE_ISALNUM or '_', \d Py_UNICODE_ISDECIMAL, \s Py_UNICODE_ISSPACE, as in
 * CPython's _sre), keys are lower-cased by `str.lower` (ASCII words by a table), CRC-32 is zlib's, and
 * the MinHash arithmetic is the uint32 arithmetic of provenance.detect.signatures.  Each loop reads its
 * input once: linear in the text.  Two more serve verification: the word-set overlaps of sentence pairs
 * the aligner weighs, and the words' 64-bit codes the candidate screen reads.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- character classes, as _sre reads them on str patterns ---------------------------------- */

static inline int
is_word(Py_UCS4 c)
{
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return Py_UNICODE_ISALNUM(c);
}

static inline int
is_digit(Py_UCS4 c)
{
    if (c < 128)
        return c >= '0' && c <= '9';
    return Py_UNICODE_ISDECIMAL(c);
}

/* [^\W\d_]: a word character that is neither a digit nor the underscore. */
static inline int
is_letter(Py_UCS4 c)
{
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c);
}

static inline int
is_space(Py_UCS4 c)
{
    if (c < 128)
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
    return Py_UNICODE_ISSPACE(c);
}

/* A letter of a script written without spaces (UNSPACED_RANGES of provenance.text.sentences): Han, kana,
 * Thai, Lao -- each is a word of its own, with the Thai and Lao marks after it (UNSPACED_MARKS). */
static inline int
in_unspaced_block(Py_UCS4 c)
{
    if (c < 0x0E01)
        return 0;
    if (c < 0x3000)
        return (c <= 0x0E4F) || (c >= 0x0E81 && c <= 0x0ECF) || (c >= 0x0EDC && c <= 0x0EFF);
    if (c < 0x3400)
        return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3021 && c <= 0x3029) || (c >= 0x3031 && c <= 0x3035) ||
               (c >= 0x3038 && c <= 0x303C) || (c >= 0x3041 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF);
    return (c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x1B000 && c <= 0x1B16F) || (c >= 0x20000 && c <= 0x323AF);
}

/* \w and in an unspaced block: a one-letter word. */
static inline int
is_unspaced(Py_UCS4 c)
{
    return c >= 0x0E01 && in_unspaced_block(c) && Py_UNICODE_ISALNUM(c);
}

static inline int
is_unspaced_mark(Py_UCS4 c)
{
    return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E) || c == 0x0EB1 ||
           (c >= 0x0EB4 && c <= 0x0EBC) || (c >= 0x0EC8 && c <= 0x0ECE);
}

/* [^\W<unspaced>]: a word character that runs on into the next. */
static inline int
is_run(Py_UCS4 c)
{
    if (c < 128)
        return is_word(c);
    return Py_UNICODE_ISALNUM(c) && !in_unspaced_block(c);
}

static inline int
is_hiragana(Py_UCS4 c)
{
    return c >= 0x3041 && c <= 0x309F;
}

#define READ(i) PyUnicode_READ(kind, data, (i))

/* ---- words: WORD_RE of provenance.text.sentences ------------------------------------------ */
/* (?:\d+(?:[.,:]\d+)*%?|R+)(?:['\-]R+)*|U M*  -- R a word character outside the unspaced blocks, U one
 * inside them, M their marks; nothing follows the pattern, so every greedy part takes all it can and the
 * first path tried is the match (p is a word character: U, or a digit or R, never in both). */

static Py_ssize_t
word_end(int kind, const void *data, Py_ssize_t p, Py_ssize_t stop)
{
    Py_ssize_t e = p + 1;
    if (is_unspaced(READ(p))) {
        while (e < stop && is_unspaced_mark(READ(e)))
            e++;
        return e;
    }
    if (is_digit(READ(p))) {
        while (e < stop && is_digit(READ(e)))
            e++;
        for (;;) {
            if (e + 1 < stop) {
                Py_UCS4 c = READ(e);
                if ((c == '.' || c == ',' || c == ':') && is_digit(READ(e + 1))) {
                    e += 2;
                    while (e < stop && is_digit(READ(e)))
                        e++;
                    continue;
                }
            }
            break;
        }
        if (e < stop && READ(e) == '%')
            e++;
    }
    else {
        while (e < stop && is_run(READ(e)))
            e++;
    }
    for (;;) {
        if (e + 1 < stop) {
            Py_UCS4 c = READ(e);
            if ((c == '\'' || c == '-') && is_run(READ(e + 1))) {
                e += 2;
                while (e < stop && is_run(READ(e)))
                    e++;
                continue;
            }
        }
        break;
    }
    return e;
}

/* ---- a cache of short ASCII strings ------------------------------------------------------------ */
/* Most words of a corpus are a few thousand ASCII strings met again and again: each is made once and
 * handed out again (a new reference), instead of a new str object and its hash a word.  A table of
 * CACHE_SIZE slots, probed linearly a few slots from the word's FNV-1a hash; when they are all taken
 * the word's home slot is replaced, so memory stays bounded whatever the text. */

#define CACHE_SIZE (1 << 16)
#define CACHE_PROBES 8
#define CACHE_MAX_LENGTH 64

typedef struct {
    uint64_t hash;
    PyObject *str;
} cache_slot;

static cache_slot key_cache[CACHE_SIZE];    /* lower-cased word keys, interned */
static cache_slot plain_cache[CACHE_SIZE];  /* census words and spaces, as written */

static PyObject *
ascii_string(cache_slot *cache, const char *s, Py_ssize_t n, int intern)
{
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    size_t home = (size_t)(h & (CACHE_SIZE - 1)), i = home;
    for (int probe = 0; probe < CACHE_PROBES; probe++, i = (i + 1) & (CACHE_SIZE - 1)) {
        cache_slot *slot = &cache[i];
        if (slot->str == NULL) {
            home = i;
            break;
        }
        if (slot->hash == h && PyUnicode_GET_LENGTH(slot->str) == n && memcmp(PyUnicode_DATA(slot->str), s, n) == 0)
            return Py_NewRef(slot->str);
    }
    PyObject *str = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, s, n);
    if (str == NULL)
        return NULL;
    if (intern)
        PyUnicode_InternInPlace(&str);
    if (n <= CACHE_MAX_LENGTH) {
        Py_XSETREF(cache[home].str, Py_NewRef(str));
        cache[home].hash = h;
    }
    return str;
}

/* The matching key of text[p:e]: str.lower, interned. */
static PyObject *
word_key(PyObject *text, int kind, const void *data, Py_ssize_t p, Py_ssize_t e, char *buf)
{
    PyObject *key;
    Py_ssize_t i, n = e - p;
    int ascii = 1;
    for (i = 0; i < n; i++) {
        Py_UCS4 c = READ(p + i);
        if (c >= 128) {
            ascii = 0;
            break;
        }
        buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (ascii) {
        return ascii_string(key_cache, buf, n, 1);
    }
    else if (is_unspaced(READ(p))) { /* a letter of an unspaced script, its marks: no case to lower */
        key = PyUnicode_Substring(text, p, e);
    }
    else {
        PyObject *word = PyUnicode_Substring(text, p, e);
        if (word == NULL)
            return NULL;
        key = PyObject_CallMethod(word, "lower", NULL);
        Py_DECREF(word);
    }
    if (key == NULL)
        return NULL;
    PyUnicode_InternInPlace(&key);
    return key;
}

PyDoc_STRVAR(words_doc,
"words(text, start, stop) -> (keys, spans)\n\n"
"The words of text[start:stop] as WORD_RE finds them: their keys (lower case, interned) as a tuple,\n"
"and their [start, end) offsets in text as packed C ints (two a word).");

static PyObject *
core_words(PyObject *self, PyObject *args)
{
    PyObject *text, *keys = NULL, *spans = NULL, *result = NULL;
    Py_ssize_t start, stop, p, count = 0, cap = 64;
    int *offsets = NULL;
    char *buf = NULL;
    if (!PyArg_ParseTuple(args, "Unn", &text, &start, &stop))
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (start < 0)
        start = 0;
    if (stop > length)
        stop = length;
    if (stop > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "text too long for C int offsets");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    keys = PyList_New(0);
    offsets = PyMem_Malloc(2 * cap * sizeof(int));
    buf = PyMem_Malloc(stop > start ? (size_t)(stop - start) : 1);
    if (keys == NULL || offsets == NULL || buf == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    p = start;
    while (p < stop) {
        if (!is_word(READ(p))) {
            p++;
            continue;
        }
        Py_ssize_t e = word_end(kind, data, p, stop);
        PyObject *key = word_key(text, kind, data, p, e, buf);
        if (key == NULL)
            goto done;
        int failed = PyList_Append(keys, key);
        Py_DECREF(key);
        if (failed)
            goto done;
        if (count == cap) {
            cap *= 2;
            int *grown = PyMem_Realloc(offsets, 2 * cap * sizeof(int));
            if (grown == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            offsets = grown;
        }
        offsets[2 * count] = (int)p;
        offsets[2 * count + 1] = (int)e;
        count++;
        p = e;
    }
    spans = PyBytes_FromStringAndSize((const char *)offsets, 2 * count * (Py_ssize_t)sizeof(int));
    if (spans == NULL)
        goto done;
    PyObject *tuple = PyList_AsTuple(keys);
    if (tuple == NULL)
        goto done;
    result = PyTuple_Pack(2, tuple, spans);
    Py_DECREF(tuple);
done:
    Py_XDECREF(keys);
    Py_XDECREF(spans);
    PyMem_Free(offsets);
    PyMem_Free(buf);
    return result;
}

/* ---- census: _WORD_RE of provenance.verdict.spellings -------------------------------------- */
/* (?:(?<=[\w,;%)])(\s+))?([^\W\d_]+(?:['’\-][^\W\d_]+)*), as findall gives it: (space, word). */

static Py_ssize_t
letters_end(int kind, const void *data, Py_ssize_t p, Py_ssize_t n)
{
    Py_ssize_t e = p + 1;
    while (e < n && is_letter(READ(e)))
        e++;
    for (;;) {
        if (e + 1 < n) {
            Py_UCS4 c = READ(e);
            if ((c == '\'' || c == 0x2019 || c == '-') && is_letter(READ(e + 1))) {
                e += 2;
                while (e < n && is_letter(READ(e)))
                    e++;
                continue;
            }
        }
        break;
    }
    return e;
}

static inline int
before_mid(Py_UCS4 c)
{
    return is_word(c) || c == ',' || c == ';' || c == '%' || c == ')';
}

/* text[p:e], from the cache when it is short and ASCII. */
static PyObject *
substring(PyObject *text, int kind, const void *data, Py_ssize_t p, Py_ssize_t e)
{
    char buf[CACHE_MAX_LENGTH];
    if (e - p > CACHE_MAX_LENGTH)
        return PyUnicode_Substring(text, p, e);
    for (Py_ssize_t i = p; i < e; i++) {
        Py_UCS4 c = READ(i);
        if (c >= 128)
            return PyUnicode_Substring(text, p, e);
        buf[i - p] = (char)c;
    }
    return ascii_string(plain_cache, buf, e - p, 0);
}

PyDoc_STRVAR(census_words_doc,
"census_words(text) -> (words, mid_sentence)\n\n"
"The words the spelling census's word pattern finds in text, in order: every word of letters (joined\n"
"by apostrophes or hyphens); and, in order, those of them in mid-sentence: after white space that\n"
"follows a word character, comma, semicolon, per cent sign or closing bracket.");

static PyObject *
core_census_words(PyObject *self, PyObject *args)
{
    PyObject *text, *words, *mids, *word;
    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), p = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    words = PyList_New(0);
    mids = PyList_New(0);
    if (words == NULL || mids == NULL)
        goto fail;
    while (p < n) {
        Py_UCS4 c = READ(p);
        Py_ssize_t s = p;
        int mid = 0;
        if (p > 0 && is_space(c) && before_mid(READ(p - 1))) {
            while (s < n && is_space(READ(s)))
                s++;
            mid = s < n && is_letter(READ(s));
            if (!mid) {
                p++;
                continue;
            }
        }
        else if (!is_letter(c)) {
            p++;
            continue;
        }
        Py_ssize_t e = letters_end(kind, data, s, n);
        word = substring(text, kind, data, s, e);
        if (word == NULL || PyList_Append(words, word) || (mid && PyList_Append(mids, word))) {
            Py_XDECREF(word);
            goto fail;
        }
        Py_DECREF(word);
        p = e;
    }
    return Py_BuildValue("(NN)", words, mids);
fail:
    Py_XDECREF(words);
    Py_XDECREF(mids);
    return NULL;
}

/* ---- census counts: census_words counted, for the spelling census ----------------------------- */

/* The next word census_words finds in text[*p:n]: 1 with its [*start, *p) and whether it stands in
 * mid-sentence, or 0 when there is none. */
static int
census_next(int kind, const void *data, Py_ssize_t n, Py_ssize_t *p, Py_ssize_t *start, int *mid)
{
    Py_ssize_t q = *p;
    while (q < n) {
        Py_UCS4 c = READ(q);
        Py_ssize_t s = q;
        *mid = 0;
        if (q > 0 && is_space(c) && before_mid(READ(q - 1))) {
            while (s < n && is_space(READ(s)))
                s++;
            *mid = s < n && is_letter(READ(s));
            if (!*mid) {
                q++;
                continue;
            }
        }
        else if (!is_letter(c)) {
            q++;
            continue;
        }
        *start = s;
        *p = letters_end(kind, data, s, n);
        return 1;
    }
    *p = n;
    return 0;
}

PyDoc_STRVAR(census_counts_doc,
"census_counts(text) -> (counts, mid_sentence)\n\n"
"The words census_words finds in text, counted: a dict of each word and how many times text holds\n"
"it, and the set of the words that stand in mid-sentence at least once.");

static PyObject *
core_census_counts(PyObject *self, PyObject *args)
{
    PyObject *text, *counts, *mids;
    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), p = 0, s = 0;
    int kind = PyUnicode_KIND(text), mid = 0;
    const void *data = PyUnicode_DATA(text);
    counts = PyDict_New();
    mids = PySet_New(NULL);
    if (counts == NULL || mids == NULL)
        goto fail;
    while (census_next(kind, data, n, &p, &s, &mid)) {
        PyObject *word = substring(text, kind, data, s, p);
        if (word == NULL)
            goto fail;
        PyObject *seen = PyDict_GetItemWithError(counts, word); /* borrowed */
        Py_ssize_t before = seen == NULL ? 0 : PyLong_AsSsize_t(seen);
        PyObject *count = PyErr_Occurred() ? NULL : PyLong_FromSsize_t(before + 1);
        int failed = count == NULL || PyDict_SetItem(counts, word, count) || (mid && PySet_Add(mids, word));
        Py_XDECREF(count);
        Py_DECREF(word);
        if (failed)
            goto fail;
    }
    return Py_BuildValue("(NN)", counts, mids);
fail:
    Py_XDECREF(counts);
    Py_XDECREF(mids);
    return NULL;
}

PyDoc_STRVAR(census_tally_doc,
"census_tally(counts, doc_id, names, uses) -> None\n\n"
"Add one document's census_counts to the uses of names: for each word of counts that names maps to a\n"
"name, uses[name][doc_id] grows by the word's count (uses[name] read with [], so a defaultdict makes\n"
"it). The spelling census's step a document, one C loop over its words.");

static PyObject *
core_census_tally(PyObject *self, PyObject *args)
{
    PyObject *counts, *doc, *names, *uses, *word, *count;
    Py_ssize_t pos = 0;
    if (!PyArg_ParseTuple(args, "O!OO!O", &PyDict_Type, &counts, &doc, &PyDict_Type, &names, &uses))
        return NULL;
    while (PyDict_Next(counts, &pos, &word, &count)) {
        PyObject *name = PyDict_GetItemWithError(names, word); /* borrowed */
        if (name == NULL) {
            if (PyErr_Occurred())
                return NULL;
            continue;
        }
        PyObject *per_doc = PyObject_GetItem(uses, name);
        if (per_doc == NULL)
            return NULL;
        if (!PyDict_Check(per_doc)) {
            Py_DECREF(per_doc);
            PyErr_SetString(PyExc_TypeError, "census_tally: uses[name] is not a dict");
            return NULL;
        }
        PyObject *before = PyDict_GetItemWithError(per_doc, doc); /* borrowed */
        PyObject *total = before != NULL ? PyNumber_Add(before, count) : PyErr_Occurred() ? NULL : Py_NewRef(count);
        int failed = total == NULL || PyDict_SetItem(per_doc, doc, total);
        Py_XDECREF(total);
        Py_DECREF(per_doc);
        if (failed)
            return NULL;
    }
    Py_RETURN_NONE;
}

/* ---- lines holding words: where the attribution phrases of provenance.text.metadata may match ---- */

PyDoc_STRVAR(lines_holding_doc,
"lines_holding(text, words) -> tuple of tuples\n\n"
"For each word (a non-empty str without a line break), the starts of the lines of text that hold it,\n"
"ascending and distinct: one pass over the text for all the words.");

typedef struct {
    PyObject *starts; /* a list of line starts */
    Py_ssize_t length, last, next;
    int kind;
    const void *data;
} needle;

/* A word starts at text[i] (its first character, c, known to be the word's). */
static inline int
holds_at(const needle *w, int kind, const void *data, Py_ssize_t i, Py_ssize_t n)
{
    if (w->length > n - i)
        return 0;
    for (Py_ssize_t k = 1; k < w->length; k++)
        if (READ(i + k) != PyUnicode_READ(w->kind, w->data, k))
            return 0;
    return 1;
}

static PyObject *
core_lines_holding(PyObject *self, PyObject *args)
{
    PyObject *text, *arg, *seq, *result = NULL;
    needle *needles = NULL;
    Py_ssize_t head[256], wide = -1, m = 0, j;
    /* pairs[c * 32 + d / 8] bit d % 8: some word starts with c then d (c, d < 256), or is c alone;
     * most positions are passed over on this one test. */
    unsigned char pairs[256 * 32];
    if (!PyArg_ParseTuple(args, "UO", &text, &arg))
        return NULL;
    seq = PySequence_Fast(arg, "lines_holding takes a sequence of str");
    if (seq == NULL)
        return NULL;
    m = PySequence_Fast_GET_SIZE(seq);
    PyObject **words = PySequence_Fast_ITEMS(seq);
    needles = PyMem_Calloc(m ? (size_t)m : 1, sizeof(needle));
    if (needles == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    memset(pairs, 0, sizeof(pairs));
    for (j = 0; j < 256; j++)
        head[j] = -1;
    /* Chains of the words by first character: head[c] for c < 256, wide for the others. */
    for (j = m - 1; j >= 0; j--) {
        PyObject *w = words[j];
        if (!PyUnicode_Check(w) || PyUnicode_GET_LENGTH(w) == 0 ||
            PyUnicode_FindChar(w, '\n', 0, PyUnicode_GET_LENGTH(w), 1) != -1) {
            PyErr_SetString(PyExc_ValueError, "lines_holding: each word must be a non-empty str without a line break");
            goto done;
        }
        needle *nd = &needles[j];
        nd->length = PyUnicode_GET_LENGTH(w);
        nd->kind = PyUnicode_KIND(w);
        nd->data = PyUnicode_DATA(w);
        nd->last = -1;
        Py_UCS4 first = PyUnicode_READ(nd->kind, nd->data, 0);
        Py_ssize_t *chain = first < 256 ? &head[first] : &wide;
        nd->next = *chain;
        *chain = j;
        if (first < 256) {
            Py_UCS4 second = nd->length > 1 ? PyUnicode_READ(nd->kind, nd->data, 1) : 256;
            if (second < 256)
                pairs[first * 32 + second / 8] |= (unsigned char)(1 << (second % 8));
            else /* any character may follow */
                memset(pairs + first * 32, 0xFF, 32);
        }
        if ((nd->starts = PyList_New(0)) == NULL)
            goto done;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), line = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 c = n ? READ(0) : 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 d = i + 1 < n ? READ(i + 1) : 0;
        if (c == '\n')
            line = i + 1;
        else if (c < 256 ? (d < 256 ? (pairs[c * 32 + d / 8] >> (d % 8)) & 1 : head[c] >= 0) : wide >= 0) {
            for (j = c < 256 ? head[c] : wide; j >= 0; j = needles[j].next) {
                needle *nd = &needles[j];
                if (nd->last == line || PyUnicode_READ(nd->kind, nd->data, 0) != c || !holds_at(nd, kind, data, i, n))
                    continue;
                PyObject *start = PyLong_FromSsize_t(line);
                if (start == NULL || PyList_Append(nd->starts, start)) {
                    Py_XDECREF(start);
                    goto done;
                }
                Py_DECREF(start);
                nd->last = line;
            }
        }
        c = d;
    }
    result = PyTuple_New(m);
    if (result == NULL)
        goto done;
    for (j = 0; j < m; j++) {
        PyObject *starts = PyList_AsTuple(needles[j].starts);
        if (starts == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyTuple_SET_ITEM(result, j, starts);
    }
done:
    if (needles != NULL)
        for (j = 0; j < m; j++)
            Py_XDECREF(needles[j].starts);
    PyMem_Free(needles);
    Py_DECREF(seq);
    return result;
}

/* ---- sentences: split_sentences of provenance.text.sentences, on folded text ------------------ */

static inline int
is_alnum(Py_UCS4 c)
{
    if (c < 128)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return Py_UNICODE_ISALNUM(c);
}

#define FULL_STOP 0x3002 /* 。 */

static inline int
is_end_mark(Py_UCS4 c)
{
    return c == '.' || c == '!' || c == '?' || c == FULL_STOP;
}

/* _CLOSERS and _OPENERS: quotation marks and brackets, with the corner and lenticular ones of CJK text. */
static inline int
is_closer(Py_UCS4 c)
{
    if (c < 128)
        return c == '"' || c == '\'' || c == ')' || c == ']';
    return c == 0x300D || c == 0x300F || c == 0x3011 || c == 0x3015 || c == 0x3009 || c == 0x300B || c == 0x3017 ||
           c == 0x3019 || c == 0x301B;
}

static inline int
is_opener(Py_UCS4 c)
{
    if (c < 128)
        return c == '"' || c == '\'' || c == '(' || c == '[';
    return c == 0x300C || c == 0x300E || c == 0x3010 || c == 0x3014 || c == 0x3008 || c == 0x300A || c == 0x3016 ||
           c == 0x3018 || c == 0x301A;
}

/* _TEXT_END_RE matched at p: where the match ends, or -1.
 * M(?<!MM)(?:(?=<unspaced end>)M*+C*+(?=[^\S\n]*O*\w)|M*+C*+(?=[^\S\n]+O*\w))  -- M the end marks,
 * C closers, O openers; an unspaced end is a run holding 。 or following a letter of an unspaced script.
 * The classes after the marks are disjoint, so each greedy run takes all it can and the first path tried
 * is the only one; the second branch differs from the first only by needing a space. */
static Py_ssize_t
end_match(int kind, const void *data, Py_ssize_t p, Py_ssize_t n)
{
    if (!is_end_mark(READ(p)) || (p > 0 && is_end_mark(READ(p - 1))))
        return -1;
    Py_ssize_t e = p + 1, q;
    int unspaced = READ(p) == FULL_STOP || (p > 0 && is_unspaced(READ(p - 1)));
    while (e < n && is_end_mark(READ(e))) {
        unspaced |= READ(e) == FULL_STOP;
        e++;
    }
    while (e < n && is_closer(READ(e)))
        e++;
    for (q = e; q < n && READ(q) != '\n' && is_space(READ(q)); q++)
        ;
    if (q == e && !unspaced)
        return -1;
    while (q < n && is_opener(READ(q)))
        q++;
    return q < n && is_word(READ(q)) ? e : -1;
}

/* _is_abbreviation: the period at dot ends an initial ("J.") or a word of abbreviations once
 * lower-cased (str.lower); longest: the length of the longest of them (str.lower never shortens). */
static int
is_abbreviation(PyObject *text, int kind, const void *data, Py_ssize_t dot, PyObject *abbreviations,
                Py_ssize_t longest, char *buf)
{
    Py_ssize_t begin = dot;
    while (begin > 0 && (is_alnum(READ(begin - 1)) || READ(begin - 1) == '.'))
        begin--;
    if (begin == dot)
        return 0;
    if (dot - begin == 1 && Py_UNICODE_ISALPHA(READ(begin)) && Py_UNICODE_ISUPPER(READ(begin)))
        return 1;
    if (dot - begin > longest)
        return 0;
    PyObject *key = word_key(text, kind, data, begin, dot, buf);
    if (key == NULL)
        return -1;
    int found = PySet_Contains(abbreviations, key);
    Py_DECREF(key);
    return found;
}

/* _is_sentence_end: the end matched at [p, e) ends a sentence (1), does not (0), or an error (-1). */
static int
is_sentence_end(PyObject *text, int kind, const void *data, Py_ssize_t p, Py_ssize_t e, Py_ssize_t n,
                PyObject *abbreviations, Py_ssize_t longest, char *buf)
{
    Py_ssize_t marks = p + 1;
    while (marks < e && is_end_mark(READ(marks)))
        marks++;
    if (READ(p) == '.' && marks == p + 1) {
        int abbreviation = is_abbreviation(text, kind, data, p, abbreviations, longest, buf);
        if (abbreviation)
            return abbreviation < 0 ? -1 : 0;
    }
    /* 「…。」と: a Japanese quotation running on in Hiragana is one sentence. */
    if (e < n && is_closer(READ(e - 1)) && is_hiragana(READ(e)))
        return 0;
    /* _LOWER_START_RE: \s+O*[a-z] -- a quote running on in lower case is one sentence. */
    Py_ssize_t q = e;
    while (q < n && is_space(READ(q)))
        q++;
    if (q == e)
        return 1;
    while (q < n && is_opener(READ(q)))
        q++;
    return !(q < n && READ(q) >= 'a' && READ(q) <= 'z');
}

typedef struct {
    PyObject *text, *out;
    int kind;
    const void *data;
    Py_ssize_t max_tokens, cap;
    PyObject **keys;
    int *offsets;
    char *buf;
} splitter;

/* One (start, stop, keys, spans) item of out. */
static int
emit_piece(splitter *sp, Py_ssize_t start, Py_ssize_t stop, Py_ssize_t first, Py_ssize_t last)
{
    PyObject *keys = PyTuple_New(last - first);
    if (keys == NULL)
        return -1;
    for (Py_ssize_t i = first; i < last; i++)
        PyTuple_SET_ITEM(keys, i - first, Py_NewRef(sp->keys[i]));
    PyObject *item = Py_BuildValue("(nnNy#)", start, stop, keys, (const char *)(sp->offsets + 2 * first),
                                   (Py_ssize_t)(2 * (last - first) * sizeof(int)));
    if (item == NULL)
        return -1;
    int failed = PyList_Append(sp->out, item);
    Py_DECREF(item);
    return failed;
}

/* The sentence text[begin:end]: its words; none, no sentence; else trimmed of white space and cut into
 * pieces of at most max_tokens words. */
static int
emit_sentence(splitter *sp, Py_ssize_t begin, Py_ssize_t end)
{
    int kind = sp->kind, failed = 0;
    const void *data = sp->data;
    Py_ssize_t count = 0, p = begin;
    while (p < end) {
        if (!is_word(READ(p))) {
            p++;
            continue;
        }
        Py_ssize_t e = word_end(kind, data, p, end);
        if (count == sp->cap) {
            Py_ssize_t cap = 2 * sp->cap;
            PyObject **keys = PyMem_Realloc(sp->keys, cap * sizeof(PyObject *));
            if (keys != NULL)
                sp->keys = keys;
            int *offsets = PyMem_Realloc(sp->offsets, 2 * cap * sizeof(int));
            if (offsets != NULL)
                sp->offsets = offsets;
            if (keys == NULL || offsets == NULL) {
                PyErr_NoMemory();
                failed = -1;
                goto done;
            }
            sp->cap = cap;
        }
        if ((sp->keys[count] = word_key(sp->text, kind, data, p, e, sp->buf)) == NULL) {
            failed = -1;
            goto done;
        }
        sp->offsets[2 * count] = (int)p;
        sp->offsets[2 * count + 1] = (int)e;
        count++;
        p = e;
    }
    if (count == 0)
        return 0;
    while (begin < end && is_space(READ(begin)))
        begin++;
    while (end > begin && is_space(READ(end - 1)))
        end--;
    for (Py_ssize_t first = 0; first < count && !failed; first += sp->max_tokens) {
        Py_ssize_t last = count - first > sp->max_tokens ? first + sp->max_tokens : count;
        failed = emit_piece(sp, first == 0 ? begin : sp->offsets[2 * first], last == count ? end : sp->offsets[2 * last - 1],
                            first, last);
    }
done:
    for (Py_ssize_t i = 0; i < count; i++)
        Py_DECREF(sp->keys[i]);
    return failed;
}

/* _add_lines: each non-empty line of text[begin:end] a sentence. */
static int
emit_lines(splitter *sp, Py_ssize_t begin, Py_ssize_t end)
{
    int kind = sp->kind;
    const void *data = sp->data;
    for (Py_ssize_t i = begin; i < end; i++) {
        if (READ(i) == '\n') {
            if (i > begin && emit_sentence(sp, begin, i))
                return -1;
            begin = i + 1;
        }
    }
    return end > begin ? emit_sentence(sp, begin, end) : 0;
}

PyDoc_STRVAR(sentences_doc,
"sentences(text, abbreviations, max_tokens) -> list of (start, stop, keys, spans)\n\n"
"The sentences of a folded text as provenance.text.sentences splits them: at line breaks and after\n"
"an end mark that is no abbreviation's (a set of lower-case words) nor an initial's; sentences without\n"
"a word dropped, each trimmed of white space and cut into pieces of at most max_tokens words.  Each\n"
"is its [start, stop) in text, its word keys (as words gives them) and their offsets (packed C ints).");

static PyObject *
core_sentences(PyObject *self, PyObject *args)
{
    PyObject *text, *abbreviations;
    Py_ssize_t max_tokens, longest = 0;
    if (!PyArg_ParseTuple(args, "UOn", &text, &abbreviations, &max_tokens))
        return NULL;
    if (!PyAnySet_Check(abbreviations) || max_tokens < 1) {
        PyErr_SetString(PyExc_ValueError, "sentences: abbreviations must be a set, max_tokens at least 1");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "text too long for C int offsets");
        return NULL;
    }
    PyObject *each = PyObject_GetIter(abbreviations), *word;
    if (each == NULL)
        return NULL;
    while ((word = PyIter_Next(each)) != NULL) {
        if (PyUnicode_Check(word) && PyUnicode_GET_LENGTH(word) > longest)
            longest = PyUnicode_GET_LENGTH(word);
        Py_DECREF(word);
    }
    Py_DECREF(each);
    if (PyErr_Occurred())
        return NULL;
    splitter sp = {text, PyList_New(0), PyUnicode_KIND(text), PyUnicode_DATA(text), max_tokens, 64, NULL, NULL, NULL};
    sp.keys = PyMem_Malloc(sp.cap * sizeof(PyObject *));
    sp.offsets = PyMem_Malloc(2 * sp.cap * sizeof(int));
    sp.buf = PyMem_Malloc(n > longest ? (size_t)n : (size_t)longest + 1);
    if (sp.out == NULL || sp.keys == NULL || sp.offsets == NULL || sp.buf == NULL) {
        if (sp.out != NULL)
            PyErr_NoMemory();
        goto fail;
    }
    int kind = sp.kind;
    const void *data = sp.data;
    Py_ssize_t begin = 0, p = 0;
    while (p < n) {
        Py_ssize_t e = end_match(kind, data, p, n);
        if (e < 0) {
            p++;
            continue;
        }
        int end = is_sentence_end(text, kind, data, p, e, n, abbreviations, longest, sp.buf);
        if (end < 0)
            goto fail;
        if (end) {
            Py_ssize_t line = p - 1;
            while (line >= begin && READ(line) != '\n')
                line--;
            if (line >= begin) {
                if (emit_lines(&sp, begin, line))
                    goto fail;
                begin = line + 1;
            }
            if (emit_sentence(&sp, begin, e))
                goto fail;
            begin = e;
        }
        p = e;
    }
    if (emit_lines(&sp, begin, n))
        goto fail;
    PyMem_Free(sp.keys);
    PyMem_Free(sp.offsets);
    PyMem_Free(sp.buf);
    return sp.out;
fail:
    Py_XDECREF(sp.out);
    PyMem_Free(sp.keys);
    PyMem_Free(sp.offsets);
    PyMem_Free(sp.buf);
    return NULL;
}

/* ---- signing --------------------------------------------------------------------------------- */

static uint32_t crc_table[256];

static void
crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static inline uint32_t
crc32_of(const unsigned char *s, Py_ssize_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < n; i++)
        c = crc_table[(c ^ s[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

PyDoc_STRVAR(crc32_words_doc,
"crc32_words(words) -> bytes\n\n"
"zlib.crc32 of each word's UTF-8 bytes, as packed native uint32.");

/* One value a word of a sequence of str, from its UTF-8 bytes (and the word, for a set lookup), written
 * into a bytes object of `width` bytes a word: the loop crc32_words and word_codes share. */
typedef int (*word_value)(PyObject *word, const unsigned char *utf8, Py_ssize_t size, void *slot, void *context);

static PyObject *
map_words(PyObject *arg, size_t width, const char *name, word_value value, void *context)
{
    PyObject *seq = PySequence_Fast(arg, name);
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)width);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    char *slots = PyBytes_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t size;
        if (!PyUnicode_Check(items[i])) {
            PyErr_SetString(PyExc_TypeError, name);
            goto fail;
        }
        const char *utf8 = PyUnicode_AsUTF8AndSize(items[i], &size);
        if (utf8 == NULL || value(items[i], (const unsigned char *)utf8, size, slots + i * width, context) < 0)
            goto fail;
    }
    Py_DECREF(seq);
    return out;
fail:
    Py_DECREF(seq);
    Py_DECREF(out);
    return NULL;
}

static int
crc32_value(PyObject *word, const unsigned char *utf8, Py_ssize_t size, void *slot, void *context)
{
    uint32_t crc = crc32_of(utf8, size);
    memcpy(slot, &crc, sizeof crc);
    return 0;
}

static PyObject *
core_crc32_words(PyObject *self, PyObject *arg)
{
    return map_words(arg, sizeof(uint32_t), "crc32_words takes a sequence of str", crc32_value, NULL);
}

static inline uint32_t
fmix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    return h ^ (h >> 16);
}

PyDoc_STRVAR(block_minima_doc,
"block_minima(hashes, a, b, step) -> bytes\n\n"
"For each block of step consecutive uint32 shingle hashes, the minimum over the block of\n"
"(a[j] * fmix32(h) + b[j]) mod 2**32 for every permutation j: packed uint32, blocks x permutations.");

/* The minima of each block of `step` hashes under the `perms` permutations a*x+b: row k of `mins`
   (blocks x perms) for hashes [k*step, (k+1)*step). */
static void
fill_block_minima(const uint32_t *h, Py_ssize_t n, Py_ssize_t step, Py_ssize_t blocks, Py_ssize_t perms,
                  const uint32_t *a, const uint32_t *b, uint32_t *mins)
{
    for (Py_ssize_t k = 0; k < blocks; k++) {
        uint32_t *row = mins + k * perms;
        for (Py_ssize_t j = 0; j < perms; j++)
            row[j] = 0xFFFFFFFFu;
        Py_ssize_t last = (k + 1) * step < n ? (k + 1) * step : n;
        for (Py_ssize_t i = k * step; i < last; i++) {
            uint32_t m = fmix32(h[i]);
            for (Py_ssize_t j = 0; j < perms; j++) {
                uint32_t v = a[j] * m + b[j];
                row[j] = v < row[j] ? v : row[j];
            }
        }
    }
}

static PyObject *
core_block_minima(PyObject *self, PyObject *args)
{
    Py_buffer hb, ab, bb;
    Py_ssize_t step;
    PyObject *out = NULL;
    if (!PyArg_ParseTuple(args, "y*y*y*n", &hb, &ab, &bb, &step))
        return NULL;
    Py_ssize_t n = hb.len / 4, perms = ab.len / 4;
    if (step < 1 || bb.len != ab.len || hb.len % 4 || ab.len % 4) {
        PyErr_SetString(PyExc_ValueError, "block_minima: bad step or buffer sizes");
        goto done;
    }
    Py_ssize_t blocks = n ? (n - 1) / step + 1 : 0; /* n + step - 1 would overflow for a huge step */
    out = PyBytes_FromStringAndSize(NULL, blocks * perms * (Py_ssize_t)sizeof(uint32_t));
    if (out == NULL)
        goto done;
    const uint32_t *h = hb.buf, *a = ab.buf, *b = bb.buf;
    uint32_t *mins = (uint32_t *)PyBytes_AS_STRING(out);
    Py_BEGIN_ALLOW_THREADS
    fill_block_minima(h, n, step, blocks, perms, a, b, mins);
    Py_END_ALLOW_THREADS
done:
    PyBuffer_Release(&hb);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&bb);
    return out;
}

/* ---- index keys: a folded text straight to its sorted index keys ------------------------------- */
/* What provenance.index.keys.text_keys computes through word_keys, shingle_hashes, window_minhashes,
 * band_keys and distinct, in one pass of C a text and no Python object a word: the words as
 * core_words finds them, each key's CRC-32 (ASCII keys lower-cased by a table into a buffer, others by
 * str.lower), the shingle hashes of provenance.detect.signatures, the block and window minima of the
 * given permutations, the band keys of provenance.detect.candidates, sorted and made distinct. */

#define SHINGLE_MULTIPLIER 0x9E3779B97F4A7C15ULL
#define BAND_M1 0x9E3779B97F4A7C15ULL
#define BAND_M2 0xBF58476D1CE4E5B9ULL

static int
compare_keys(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

/* Append the CRC-32 of text[p:e]'s key (str.lower of it, UTF-8) to *hashes; -1 on error. */
static int
key_crc(PyObject *text, int kind, const void *data, Py_ssize_t p, Py_ssize_t e, char *buf, uint32_t *out)
{
    Py_ssize_t n = e - p;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = READ(p + i);
        if (c >= 128) {
            PyObject *word = PyUnicode_Substring(text, p, e);
            if (word == NULL)
                return -1;
            PyObject *key = PyObject_CallMethod(word, "lower", NULL);
            Py_DECREF(word);
            if (key == NULL)
                return -1;
            Py_ssize_t size;
            const char *utf8 = PyUnicode_AsUTF8AndSize(key, &size);
            if (utf8 == NULL) {
                Py_DECREF(key);
                return -1;
            }
            *out = crc32_of((const unsigned char *)utf8, size);
            Py_DECREF(key);
            return 0;
        }
        buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    *out = crc32_of((const unsigned char *)buf, n);
    return 0;
}

PyDoc_STRVAR(index_keys_doc,
"index_keys(text, a, b, shingle_size, step, rows) -> bytes\n\n"
"The index keys of a folded text, sorted and distinct, as packed native uint64: its words' keys\n"
"hashed into shingle_size-word shingles, the minima of (a[j] * fmix32(h) + b[j]) mod 2**32 over\n"
"windows of 2 * step shingles (step apart) for the permutations a, b (uint32 buffers, len(a) a\n"
"multiple of rows), and one key a band of rows minima a window.");

static PyObject *
core_index_keys(PyObject *self, PyObject *args)
{
    PyObject *text, *out = NULL;
    Py_buffer ab, bb;
    Py_ssize_t shingle_size, step, rows;
    uint32_t *words = NULL, *mins = NULL;
    uint64_t *keys = NULL;
    char *buf = NULL;
    if (!PyArg_ParseTuple(args, "Uy*y*nnn", &text, &ab, &bb, &shingle_size, &step, &rows))
        return NULL;
    Py_ssize_t perms = ab.len / 4;
    if (shingle_size < 1 || step < 1 || rows < 1 || bb.len != ab.len || ab.len % 4 || perms % rows) {
        PyErr_SetString(PyExc_ValueError, "index_keys: bad sizes");
        goto done;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), p = 0, count = 0, cap = 256;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    words = PyMem_Malloc(cap * sizeof(uint32_t));
    buf = PyMem_Malloc(length ? (size_t)length : 1);
    if (words == NULL || buf == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    while (p < length) {
        if (!is_word(READ(p))) {
            p++;
            continue;
        }
        Py_ssize_t e = word_end(kind, data, p, length);
        if (count == cap) {
            cap *= 2;
            uint32_t *grown = PyMem_Realloc(words, cap * sizeof(uint32_t));
            if (grown == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            words = grown;
        }
        if (key_crc(text, kind, data, p, e, buf, &words[count]) < 0)
            goto done;
        count++;
        p = e;
    }
    if (count == 0) {
        out = PyBytes_FromStringAndSize(NULL, 0);
        goto done;
    }
    /* Shingle hashes, in place of the word hashes (shingle i reads words i .. i + k - 1 only). */
    Py_ssize_t k = shingle_size < count ? shingle_size : count, n = count - k + 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t acc = 0;
        for (Py_ssize_t j = 0; j < k; j++)
            acc = acc * SHINGLE_MULTIPLIER + words[i + j];
        acc ^= acc >> 29;
        acc *= SHINGLE_MULTIPLIER;
        acc ^= acc >> 32;
        words[i] = (uint32_t)acc;
    }
    const uint32_t *a = ab.buf, *b = bb.buf;
    Py_ssize_t blocks = (n - 1) / step + 1, windows = blocks > 1 ? blocks - 1 : 1, bands = perms / rows;
    mins = PyMem_Malloc((size_t)(blocks * perms + 1) * sizeof(uint32_t));
    keys = PyMem_Malloc((size_t)(windows * bands + 1) * sizeof(uint64_t));
    if (mins == NULL || keys == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    fill_block_minima(words, n, step, blocks, perms, a, b, mins);
    Py_ssize_t total = 0;
    for (Py_ssize_t w = 0; w < windows; w++) {
        const uint32_t *first = mins + w * perms, *second = blocks > 1 ? first + perms : first;
        for (Py_ssize_t g = 0; g < bands; g++) {
            uint64_t key = (uint64_t)(g + 1) * BAND_M2;
            for (Py_ssize_t r = 0; r < rows; r++) {
                Py_ssize_t j = g * rows + r;
                uint32_t v = first[j] < second[j] ? first[j] : second[j];
                key = (key ^ (uint64_t)v) * BAND_M1;
                key ^= key >> 31;
            }
            keys[total++] = key;
        }
    }
    qsort(keys, (size_t)total, sizeof(uint64_t), compare_keys);
    Py_ssize_t kept = 0;
    for (Py_ssize_t i = 0; i < total; i++)
        if (kept == 0 || keys[i] != keys[kept - 1])
            keys[kept++] = keys[i];
    out = PyBytes_FromStringAndSize((const char *)keys, kept * (Py_ssize_t)sizeof(uint64_t));
done:
    PyBuffer_Release(&ab);
    PyBuffer_Release(&bb);
    PyMem_Free(words);
    PyMem_Free(mins);
    PyMem_Free(keys);
    PyMem_Free(buf);
    return out;
}

/* ---- band keys: a document's distinct LSH band keys (provenance.detect.spill.document_keys) ------- */

#define RADIX_BITS 11 /* six passes over the keys, a count table that stays in the first-level cache */
#define RADIX (1 << RADIX_BITS)

/* Sort n uint64 keys, least significant RADIX_BITS first (stable counting passes through keys2, a pass
 * skipped where every key has those bits alike), carrying at[] along when it is not NULL (at2 its scratch):
 * linear, and on a document's few thousand keys or a join group's 350,000 quicker than a comparison sort.
 * The sorted keys (and positions) are left in *keys (and *at): the buffers may have been swapped. */
static void
radix_sort64(uint64_t **keys, uint64_t **keys2, int64_t **at, int64_t **at2, Py_ssize_t n)
{
    for (int shift = 0; shift < 64; shift += RADIX_BITS) {
        uint64_t *from = *keys, *to = *keys2;
        int64_t *at_from = at != NULL ? *at : NULL, *at_to = at != NULL ? *at2 : NULL;
        Py_ssize_t count[RADIX + 1] = {0};
        for (Py_ssize_t i = 0; i < n; i++)
            count[((from[i] >> shift) & (RADIX - 1)) + 1]++;
        int single = 0;
        for (int b = 1; b <= RADIX; b++)
            single |= count[b] == n;
        if (single)
            continue; /* every key has these bits alike: the order stands */
        for (int b = 0; b < RADIX; b++)
            count[b + 1] += count[b];
        if (at_from != NULL)
            for (Py_ssize_t i = 0; i < n; i++) {
                Py_ssize_t place = count[(from[i] >> shift) & (RADIX - 1)]++;
                to[place] = from[i];
                at_to[place] = at_from[i];
            }
        else
            for (Py_ssize_t i = 0; i < n; i++)
                to[count[(from[i] >> shift) & (RADIX - 1)]++] = from[i];
        *keys = to;
        *keys2 = from;
        if (at != NULL) {
            *at = at_to;
            *at2 = at_from;
        }
    }
}

PyDoc_STRVAR(band_keys_doc,
"band_keys(windows, perms, bands, rows) -> bytes\n\n"
"The sorted distinct band keys of a document's window signatures (uint32, windows x perms, C order), as\n"
"packed native uint64: band g of a window keyed from its values g*rows .. g*rows+rows-1 as\n"
"provenance.detect.candidates.band_keys keys it.");

static PyObject *
core_band_keys(PyObject *self, PyObject *args)
{
    Py_buffer wb;
    Py_ssize_t perms, bands, rows;
    PyObject *out = NULL;
    uint64_t *keys = NULL, *tmp = NULL;
    if (!PyArg_ParseTuple(args, "y*nnn", &wb, &perms, &bands, &rows))
        return NULL;
    if (perms < 1 || bands < 0 || rows < 1 || bands * rows > perms || wb.len % (4 * perms)) {
        PyErr_SetString(PyExc_ValueError, "band_keys: bad shape or buffer size");
        goto done;
    }
    Py_ssize_t windows = wb.len / (4 * perms), total = windows * bands;
    keys = PyMem_Malloc((size_t)(total + 1) * sizeof(uint64_t));
    tmp = PyMem_Malloc((size_t)(total + 1) * sizeof(uint64_t));
    if (keys == NULL || tmp == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    const uint32_t *values = wb.buf;
    Py_ssize_t kept = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t w = 0; w < windows; w++) {
        const uint32_t *row = values + w * perms;
        for (Py_ssize_t g = 0; g < bands; g++) {
            uint64_t key = (uint64_t)(g + 1) * BAND_M2;
            for (Py_ssize_t r = 0; r < rows; r++) {
                key = (key ^ (uint64_t)row[g * rows + r]) * BAND_M1;
                key ^= key >> 31;
            }
            keys[w * bands + g] = key;
        }
    }
    radix_sort64(&keys, &tmp, NULL, NULL, total);
    for (Py_ssize_t i = 0; i < total; i++)
        if (kept == 0 || keys[i] != keys[kept - 1])
            keys[kept++] = keys[i];
    Py_END_ALLOW_THREADS
    out = PyBytes_FromStringAndSize((const char *)keys, kept * (Py_ssize_t)sizeof(uint64_t));
done:
    PyBuffer_Release(&wb);
    PyMem_Free(keys);
    PyMem_Free(tmp);
    return out;
}

/* ---- repeated keys: the entries of the candidate join that can pair (provenance.detect.candidates) -- */

PyDoc_STRVAR(repeated_doc,
"repeated(keys) -> bytes\n\n"
"The positions of the uint64 keys whose value another position holds too, as packed native int64,\n"
"ordered by key and, among equal keys, by position (a stable radix sort of the keys and positions).");

static PyObject *
core_repeated(PyObject *self, PyObject *arg)
{
    Py_buffer kb;
    PyObject *out = NULL;
    uint64_t *keys = NULL, *keys2 = NULL;
    int64_t *at = NULL, *at2 = NULL;
    if (PyObject_GetBuffer(arg, &kb, PyBUF_SIMPLE) < 0)
        return NULL;
    if (kb.len % 8) {
        PyErr_SetString(PyExc_ValueError, "repeated: the buffer is not of uint64");
        goto done;
    }
    Py_ssize_t n = kb.len / 8, kept = 0;
    keys = PyMem_Malloc((size_t)(n + 1) * sizeof(uint64_t));
    keys2 = PyMem_Malloc((size_t)(n + 1) * sizeof(uint64_t));
    at = PyMem_Malloc((size_t)(n + 1) * sizeof(int64_t));
    at2 = PyMem_Malloc((size_t)(n + 1) * sizeof(int64_t));
    if (keys == NULL || keys2 == NULL || at == NULL || at2 == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    memcpy(keys, kb.buf, (size_t)n * sizeof(uint64_t));
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++)
        at[i] = i;
    radix_sort64(&keys, &keys2, &at, &at2, n);
    for (Py_ssize_t i = 0; i < n; i++)
        if ((i > 0 && keys[i] == keys[i - 1]) || (i + 1 < n && keys[i] == keys[i + 1]))
            at2[kept++] = at[i];
    Py_END_ALLOW_THREADS
    out = PyBytes_FromStringAndSize((const char *)at2, kept * (Py_ssize_t)sizeof(int64_t));
done:
    PyBuffer_Release(&kb);
    PyMem_Free(keys);
    PyMem_Free(keys2);
    PyMem_Free(at);
    PyMem_Free(at2);
    return out;
}

/* ---- set overlaps: the sentence pairs' shared codes (provenance.detect.align.pair_overlap) ------ */
/* Each set's codes sorted and made distinct in place (a set is a run of equal owners), then each pair's
 * two runs merged: linear in the codes of the pair's two sets, no matrix of sets by codes. */

static int
compare_codes(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

PyDoc_STRVAR(set_overlaps_doc,
"set_overlaps(codes, owners, sets, rows, cols) -> (bytes, bytes)\n\n"
"Sets of int64 codes, codes[k] in set owners[k] (owners ascending, each below sets), and pairs of\n"
"sets (rows[k], cols[k]): the number of distinct codes each pair holds in common and each set's\n"
"number of distinct codes, as packed native int64 (one a pair, one a set).");

static PyObject *
core_set_overlaps(PyObject *self, PyObject *args)
{
    Py_buffer cb, ob, rb, kb;
    Py_ssize_t sets;
    PyObject *common = NULL, *sizes = NULL, *out = NULL;
    int64_t *codes = NULL;
    Py_ssize_t *start = NULL, *end = NULL;
    if (!PyArg_ParseTuple(args, "y*y*ny*y*", &cb, &ob, &sets, &rb, &kb))
        return NULL;
    Py_ssize_t n = cb.len / 8, pairs = rb.len / 8;
    if (cb.len % 8 || ob.len != cb.len || rb.len % 8 || kb.len != rb.len || sets < 0) {
        PyErr_SetString(PyExc_ValueError, "set_overlaps: bad buffer sizes");
        goto done;
    }
    const int64_t *owners = ob.buf, *rows = rb.buf, *cols = kb.buf;
    codes = PyMem_Malloc((size_t)(n + 1) * sizeof(int64_t));
    start = PyMem_Calloc((size_t)sets + 1, sizeof(Py_ssize_t));
    end = PyMem_Calloc((size_t)sets + 1, sizeof(Py_ssize_t));
    if (codes == NULL || start == NULL || end == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++)
        if (owners[k] < 0 || owners[k] >= sets || (k && owners[k] < owners[k - 1])) {
            PyErr_SetString(PyExc_ValueError, "set_overlaps: owners must ascend below sets");
            goto done;
        }
    for (Py_ssize_t k = 0; k < pairs; k++)
        if (rows[k] < 0 || rows[k] >= sets || cols[k] < 0 || cols[k] >= sets) {
            PyErr_SetString(PyExc_ValueError, "set_overlaps: a pair names no set");
            goto done;
        }
    common = PyBytes_FromStringAndSize(NULL, pairs * 8);
    sizes = PyBytes_FromStringAndSize(NULL, sets * 8);
    if (common == NULL || sizes == NULL)
        goto done;
    int64_t *shared = (int64_t *)PyBytes_AS_STRING(common), *size = (int64_t *)PyBytes_AS_STRING(sizes);
    memcpy(codes, cb.buf, (size_t)n * sizeof(int64_t));
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < n;) {
        Py_ssize_t first = k, owner = (Py_ssize_t)owners[k];
        while (k < n && owners[k] == owner)
            k++;
        qsort(codes + first, (size_t)(k - first), sizeof(int64_t), compare_codes);
        Py_ssize_t kept = first;
        for (Py_ssize_t i = first; i < k; i++)
            if (kept == first || codes[i] != codes[kept - 1])
                codes[kept++] = codes[i];
        start[owner] = first;
        end[owner] = kept;
    }
    for (Py_ssize_t s = 0; s < sets; s++)
        size[s] = end[s] - start[s];
    for (Py_ssize_t k = 0; k < pairs; k++) {
        Py_ssize_t i = start[rows[k]], ie = end[rows[k]], j = start[cols[k]], je = end[cols[k]];
        int64_t count = 0;
        while (i < ie && j < je) {
            if (codes[i] < codes[j])
                i++;
            else if (codes[j] < codes[i])
                j++;
            else {
                count++;
                i++;
                j++;
            }
        }
        shared[k] = count;
    }
    Py_END_ALLOW_THREADS
    out = PyTuple_Pack(2, common, sizes);
done:
    Py_XDECREF(common);
    Py_XDECREF(sizes);
    PyMem_Free(codes);
    PyMem_Free(start);
    PyMem_Free(end);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&ob);
    PyBuffer_Release(&rb);
    PyBuffer_Release(&kb);
    return out;
}

/* ---- word codes: a word as 64 bits for the candidate screen (provenance.detect.screen) ---------- */

PyDoc_STRVAR(word_codes_doc,
"word_codes(words, function_words) -> bytes\n\n"
"Each word as a uint64, packed native: the splitmix64 finaliser of the FNV-1a hash of its UTF-8\n"
"bytes, its lowest bit replaced by 1 for a word not in function_words (a content word), else 0.");

static int
code_value(PyObject *word, const unsigned char *utf8, Py_ssize_t size, void *slot, void *function_words)
{
    int function = PySet_Contains((PyObject *)function_words, word);
    if (function < 0)
        return -1;
    uint64_t h = 0xCBF29CE484222325ULL;
    for (Py_ssize_t k = 0; k < size; k++)
        h = (h ^ utf8[k]) * 0x100000001B3ULL;
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    h ^= h >> 31;
    h = (h & ~(uint64_t)1) | (uint64_t)!function;
    memcpy(slot, &h, sizeof h);
    return 0;
}

static PyObject *
core_word_codes(PyObject *self, PyObject *args)
{
    PyObject *arg, *function_words;
    if (!PyArg_ParseTuple(args, "OO!", &arg, &PyFrozenSet_Type, &function_words))
        return NULL;
    return map_words(arg, sizeof(uint64_t), "word_codes takes a sequence of str", code_value, function_words);
}

static PyMethodDef core_methods[] = {
    {"words", core_words, METH_VARARGS, words_doc},
    {"census_words", core_census_words, METH_VARARGS, census_words_doc},
    {"census_counts", core_census_counts, METH_VARARGS, census_counts_doc},
    {"census_tally", core_census_tally, METH_VARARGS, census_tally_doc},
    {"lines_holding", core_lines_holding, METH_VARARGS, lines_holding_doc},
    {"sentences", core_sentences, METH_VARARGS, sentences_doc},
    {"crc32_words", core_crc32_words, METH_O, crc32_words_doc},
    {"block_minima", core_block_minima, METH_VARARGS, block_minima_doc},
    {"index_keys", core_index_keys, METH_VARARGS, index_keys_doc},
    {"band_keys", core_band_keys, METH_VARARGS, band_keys_doc},
    {"repeated", core_repeated, METH_O, repeated_doc},
    {"set_overlaps", core_set_overlaps, METH_VARARGS, set_overlaps_doc},
    {"word_codes", core_word_codes, METH_VARARGS, word_codes_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT, "provenance._core",
    "The compiled text core: words, census words, CRC-32 of words, MinHash block minima, band keys, repeated keys, set overlaps, word codes.", -1, core_methods,
};

PyMODINIT_FUNC
PyInit__core(void)
{
    crc_init();
    return PyModule_Create(&core_module);
}
