// A Go program on the generated Go SDK, as a user would write one after `pulumi package add`:
// scripts/check-sdks.sh vets and builds it (the SDK's module path is the generator's default,
// replaced with the generated directory). It is not run: no Go language host is served here.
package main

import (
	"example.com/pulumi-swr/sdk/go/swr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		namespace := config.Get(ctx, "namespace")

		// The plain form: the listing, once the plugin answers.
		repos, err := swr.GetRepositories(ctx, &swr.GetRepositoriesArgs{Namespace: pulumi.StringRef(namespace)})
		if err != nil {
			return err
		}
		names := make([]string, 0, len(repos.Repositories))
		for _, repo := range repos.Repositories {
			names = append(names, repo.Namespace+"/"+repo.Name)
		}
		ctx.Export("total", pulumi.Int(repos.Total))
		ctx.Export("repositories", pulumi.ToStringArray(names))

		// The output form, through an explicit provider in another region.
		eu, err := swr.NewProvider(ctx, "eu", &swr.ProviderArgs{Region: pulumi.String("eu-west-101")})
		if err != nil {
			return err
		}
		euRepos := swr.GetRepositoriesOutput(ctx, swr.GetRepositoriesOutputArgs{
			Namespace:   pulumi.String(namespace),
			OrderColumn: swr.OrderColumnName,
			OrderType:   swr.OrderTypeAsc,
		}, pulumi.Provider(eu))
		ctx.Export("euPaths", euRepos.Paths())
		return nil
	})
}
