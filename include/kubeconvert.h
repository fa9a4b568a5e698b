/*
 * kubeconvert: rewrite kubeconfig users from the removed in-tree `azure`
 * auth-provider into kubelogin exec entries (and back), touching only the
 * bytes of the users it converts.
 *
 * There is no installed library: this umbrella is for the tests, the fuzz
 * target and the bench, which use the core the way run.c does. Each module
 * has its own header beside its source in src/ (the program includes those,
 * never this), and the layers only point down:
 *
 *   parse_split.h  kc_parse: source -> kc_document (ast.h), via parse.h
 *   convert.h      kc_convert: kc_document -> kc_result (result.h)
 *   emit.h         kc_emit: kc_document + kc_result -> kc_output, new
 *                  nodes rendered with a kc_renderer (render.h)
 *
 * Conventions (after libyaml): functions return 1 on success and 0 on
 * failure, filling a kc_error (error.h); every kc_X_initialize has its
 * kc_X_delete (kc_X_init / kc_X_free for the older ones); memory.h says
 * what happens when memory runs out.
 */
#ifndef KUBECONVERT_H
#define KUBECONVERT_H

#include "ast.h"
#include "convert.h"
#include "emit.h"
#include "error.h"
#include "mask.h"
#include "memory.h"
#include "names.h"
#include "options.h"
#include "parse_split.h"
#include "pattern.h"
#include "render.h"
#include "result.h"

#endif
