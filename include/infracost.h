/*
 * infracost.h - libinfracost, the umbrella header.
 *
 * What will this design cost per month, per environment, and will it carry
 * the load? Load a spec (infracost/spec.h), a catalog of list prices
 * (infracost/catalog.h), and compute an estimate (infracost/estimate.h).
 */
#ifndef INFRACOST_H
#define INFRACOST_H

#include "infracost/common.h"
#include "infracost/version.h"
#include "infracost/catalog.h"
#include "infracost/spec.h"
#include "infracost/estimate.h"
#include "infracost/store.h"
#include "infracost/capacity.h"
#include "infracost/risk.h"
#include "infracost/recommend.h"
#include "infracost/terraform.h"
#include "infracost/kubernetes.h"
#include "infracost/diff.h"

#endif
