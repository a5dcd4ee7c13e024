using YamlDotNet.RepresentationModel;

namespace RaRlhf.Actors.Tests.Deploy;

/// <summary>deploy/k8s/*.yaml parse as Kubernetes objects and wire the nodes like the compose file.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly HashSet<string> ClusterScoped = ["Namespace"];

    private static IEnumerable<(string File, YamlMappingNode Doc)> Documents() =>
        Directory.GetFiles(Path.Combine(YamlFiles.DeployDir, "k8s"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => YamlFiles.Load(f).Select(d => (Path.GetFileName(f), d)));

    private static YamlMappingNode Object(string kind, string name) =>
        Documents().Select(d => d.Doc).SingleOrDefault(d => d.Text("kind") == kind && d.Text("metadata", "name") == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind} {name} in deploy/k8s");

    private static YamlMappingNode Container(YamlMappingNode workload) =>
        (YamlMappingNode)((YamlSequenceNode)workload.Get("spec", "template", "spec", "containers")!).Children[0];

    [Fact]
    public void EveryDocument_HasApiVersionKindNameAndNamespace()
    {
        var documents = Documents().ToList();

        Assert.True(documents.Count >= 12, $"expected the whole set of objects, found {documents.Count}");
        foreach (var (file, doc) in documents)
        {
            Assert.False(string.IsNullOrEmpty(doc.Text("apiVersion")), $"{file}: apiVersion");
            Assert.False(string.IsNullOrEmpty(doc.Text("kind")), $"{file}: kind");
            Assert.Matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", doc.Text("metadata", "name") ?? "");
            if (!ClusterScoped.Contains(doc.Text("kind")!) && doc.Text("kind") != "Kustomization")
            {
                Assert.True(doc.Text("metadata", "namespace") == "rarlhf", $"{file}: {doc.Text("kind")} without namespace rarlhf");
            }
        }
    }

    [Fact]
    public void Workloads_RolloutAndRewardDeploymentsAndOneLearner_RunTheNodeCommand()
    {
        var workloads = new[]
        {
            (Object("Deployment", "rarlhf-rollout"), "rollout"),
            (Object("Deployment", "rarlhf-reward"), "reward"),
            (Object("StatefulSet", "rarlhf-learner"), "learner,coordinator"),
        };

        foreach (var (workload, roles) in workloads)
        {
            var container = Container(workload);
            Assert.StartsWith("rarlhf:", container.Text("image"));
            Assert.Equal(["node", "--roles", roles, "--config", "/config/cluster.conf"], container.Strings("args"));
            Assert.Equal("true", workload.Text("spec", "template", "spec", "securityContext", "runAsNonRoot"));
            var mounts = ((YamlSequenceNode)container.Get("volumeMounts")!).Children.Select(m => m.Text("mountPath")).ToList();
            Assert.Contains("/config", mounts);
            Assert.Equal(workload.Text("spec", "selector", "matchLabels", "app.kubernetes.io/component"),
                workload.Text("spec", "template", "metadata", "labels", "app.kubernetes.io/component"));
        }

        Assert.Equal("1", workloads[2].Item1.Text("spec", "replicas"));
        Assert.True(int.Parse(workloads[0].Item1.Text("spec", "replicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public void NodeContainers_SetEveryVariableTheConfigReads_SecretsFromSecretKeyRefs()
    {
        var secretKeys = ((YamlMappingNode)Object("Secret", "rarlhf-secrets").Get("stringData")!).Children
            .ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value);
        Assert.All(secretKeys.Values, v => Assert.Equal("", v)); // a template: no real value is committed

        foreach (var name in new[] { "rarlhf-rollout", "rarlhf-reward", "rarlhf-learner" })
        {
            var workload = Documents().Select(d => d.Doc).Single(d => d.Text("metadata", "name") == name && d.Text("kind") != "Service");
            var env = ((YamlSequenceNode)Container(workload).Get("env")!).Children.Cast<YamlMappingNode>().ToList();
            Assert.Superset(DeployConfig.EnvironmentVariables().Append("RARLHF_DATA").ToHashSet(), env.Select(e => e.Text("name")!).ToHashSet());
            foreach (var variable in env.Where(e => e.Text("name")!.Contains("PASSWORD", StringComparison.Ordinal) || e.Text("name")!.EndsWith("API_KEY", StringComparison.Ordinal)))
            {
                Assert.Equal("rarlhf-secrets", variable.Text("valueFrom", "secretKeyRef", "name"));
                Assert.Contains(variable.Text("valueFrom", "secretKeyRef", "key")!, secretKeys.Keys);
            }
        }
    }

    [Fact]
    public void ConfigMap_ClusterConf_IsTheDeployConfigFile()
    {
        var configMap = Object("ConfigMap", "rarlhf-config");

        Assert.Equal(DeployConfig.Text.TrimEnd('\n'), configMap.Text("data", "cluster.conf")!.TrimEnd('\n'));
    }

    [Fact]
    public void Kustomization_ListsEveryManifestButTheSecretTemplate()
    {
        var kustomization = YamlFiles.Load(Path.Combine(YamlFiles.DeployDir, "k8s", "kustomization.yaml")).Single();
        var files = Directory.GetFiles(Path.Combine(YamlFiles.DeployDir, "k8s"), "*.yaml").Select(f => Path.GetFileName(f))
            .Where(f => f is not ("kustomization.yaml" or "secret.template.yaml")).ToHashSet();

        Assert.Equal(files, kustomization.Strings("resources").ToHashSet());
    }
}
